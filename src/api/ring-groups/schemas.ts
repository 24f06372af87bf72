import { z } from "@hono/zod-openapi";
import type { RingGroupRecord } from "../../db/ring-groups.ts";
import { FALLBACK_TYPES, RING_STRATEGIES } from "../../pbx/ring-groups.ts";
import { zCallerIdPrefix, zExtensionNumber, zRingGroupName } from "../../pbx/safe-values.ts";
import { zDestinationUnion } from "../destinations.ts";
import { isoTime } from "../crud-support.ts";
import { zPageOf } from "../pagination.ts";

const name = zRingGroupName.meta({ example: "sales", description: "the group's key in URLs, DIDs and fallbacks" });
const extensionNumber = zExtensionNumber.meta({ example: "1001" });

/** Where a call nobody answered goes: never a gateway. */
export const zRingGroupFallback = zDestinationUnion(FALLBACK_TYPES, {
  component: "RingGroupFallback",
  description:
    "when nobody answers: an extension, another ring group (no loops), a time condition (open or closed decided when the group gives up; no loop back to this group), or hang up with a cause (default NO_ANSWER)",
  example: { type: "extension", target: "1003" },
  hangup: "NO_ANSWER",
  targets: { extension: { example: "1001" }, ring_group: { example: "support" }, time_condition: { example: "business-hours" } },
});

const members = z
  .array(extensionNumber)
  .min(1)
  .max(50)
  .refine((list) => new Set(list).size === list.length, "must not list an extension twice")
  .openapi({ example: ["1001", "1002"], description: "extensions, in the order a sequential group rings them; every registered phone of each rings" });

const editable = {
  number: extensionNumber.nullable().meta({ description: "an internal number phones dial to reach the group (optional); not an extension's" }),
  strategy: z.enum(RING_STRATEGIES).openapi({ description: "simultaneous: every member at once; sequential: one member after another" }),
  members,
  ringSeconds: z.number().int().min(5).max(300).openapi({ description: "how long each member's phones ring" }),
  timeoutSeconds: z
    .number()
    .int()
    .min(5)
    .max(600)
    .openapi({ description: "the most the group rings in all before the fallback (sequential: members past it are not rung)" }),
  fallback: zRingGroupFallback,
  callerIdNamePrefix: zCallerIdPrefix.nullable().meta({
    example: "Sales - ",
    description: "put before the caller's name on the members' phones, so the operator sees which number was called",
  }),
  enabled: z.boolean().openapi({ description: "a disabled group is unknown: its DIDs and number get UNALLOCATED_NUMBER" }),
};

export const zRingGroupCreate = z
  .strictObject({
    name,
    number: editable.number.optional(),
    strategy: editable.strategy.default("simultaneous"),
    members: editable.members,
    ringSeconds: editable.ringSeconds.default(20),
    timeoutSeconds: editable.timeoutSeconds.default(60),
    fallback: editable.fallback.default({ type: "hangup", target: "NO_ANSWER" }),
    callerIdNamePrefix: editable.callerIdNamePrefix.optional(),
    enabled: editable.enabled.default(true),
  })
  .openapi("RingGroupCreate");

export const zRingGroupPatch = z
  .strictObject({
    number: editable.number.optional(),
    strategy: editable.strategy.optional(),
    members: editable.members.optional(),
    ringSeconds: editable.ringSeconds.optional(),
    timeoutSeconds: editable.timeoutSeconds.optional(),
    fallback: editable.fallback.optional(),
    callerIdNamePrefix: editable.callerIdNamePrefix.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("RingGroupPatch");

export const zRingGroup = z
  .object({
    name,
    ...editable,
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("RingGroup");

export const zRingGroupPage = zPageOf(zRingGroup, "RingGroupPage");
export const zRingGroupParam = z.object({ name });

export type RingGroupCreate = z.infer<typeof zRingGroupCreate>;
export type RingGroupPatch = z.infer<typeof zRingGroupPatch>;
export type RingGroupView = z.infer<typeof zRingGroup>;

export function toRingGroupView({ group, members }: RingGroupRecord): RingGroupView {
  return {
    name: group.name,
    number: group.number,
    strategy: group.strategy,
    members,
    ringSeconds: group.ringSeconds,
    timeoutSeconds: group.timeoutSeconds,
    fallback: { type: group.fallbackType, target: group.fallbackTarget } as RingGroupView["fallback"],
    callerIdNamePrefix: group.callerIdNamePrefix,
    enabled: group.enabled,
    createdAt: isoTime(group.createdAt),
    updatedAt: isoTime(group.updatedAt),
  };
}
