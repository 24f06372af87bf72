/**
 * Where a resource sends a call — a ring group's or a queue's fallback, an
 * IVR key, a time condition's open and closed side — as one zod union built
 * from the kinds that resource allows (the pbx module's list: FALLBACK_TYPES,
 * QUEUE_FALLBACK_TYPES, IVR_DESTINATION_TYPES,
 * TIME_CONDITION_DESTINATION_TYPES). Each kind's target has one pattern and
 * one message wherever it appears; each resource keeps its own OpenAPI
 * component, description and examples. None of the kinds is a gateway.
 */
import { z } from "@hono/zod-openapi";
import { IVR_MENU_NAME } from "../pbx/ivr-menus.ts";
import { QUEUE_NAME } from "../pbx/queues.ts";
import { zExtensionNumber, zRingGroupHangupCause, zRingGroupName, type RingGroupHangupCause } from "../pbx/safe-values.ts";
import { TIME_CONDITION_NAME } from "../pbx/time-conditions.ts";

const NAME_MESSAGE = "must be 1-32 of a-z 0-9 _ -";
export const zQueueName = z.string().regex(QUEUE_NAME, NAME_MESSAGE);
export const zIvrMenuName = z.string().regex(IVR_MENU_NAME, NAME_MESSAGE);
export const zTimeConditionKey = z.string().regex(TIME_CONDITION_NAME, NAME_MESSAGE);

export const DESTINATION_KINDS = ["extension", "ring_group", "queue", "ivr", "time_condition", "hangup"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
type NamedKind = Exclude<DestinationKind, "hangup">;

type HangupTarget = z.ZodDefault<typeof zRingGroupHangupCause>;
type TargetSchema<K extends DestinationKind> = K extends "hangup" ? HangupTarget : z.ZodString;
/** One member of the union; distributes over K so each keeps its own literal. */
type DestinationOption<K extends DestinationKind> = K extends DestinationKind
  ? z.ZodObject<{ type: z.ZodLiteral<K>; target: TargetSchema<K> }, z.core.$strict>
  : never;

const TARGETS: Record<NamedKind, z.ZodString> = {
  extension: zExtensionNumber,
  ring_group: zRingGroupName,
  queue: zQueueName,
  ivr: zIvrMenuName,
  time_condition: zTimeConditionKey,
};

/** What the OpenAPI document shows for one kind's target. */
export type TargetDoc = { example: string; description?: string };

export type DestinationUnionSpec<K extends DestinationKind> = {
  /** The OpenAPI component: `QueueFallback`, `IvrDestination`, … */
  component: string;
  description: string;
  example: { type: K; target: string };
  /** The cause a hang-up without a target ends the call with. */
  hangup?: RingGroupHangupCause;
  targets: { [P in Exclude<K, "hangup">]: TargetDoc };
};

/**
 * The union of `kinds`, in the order given (which is the order OpenAPI
 * lists them). An unknown `type` fails on `type`, a bad target on `target`,
 * with the kind's own message.
 */
export function zDestinationUnion<const K extends DestinationKind>(
  kinds: readonly [K, ...K[]],
  spec: DestinationUnionSpec<K>,
): z.ZodDiscriminatedUnion<DestinationOption<K>[], "type"> {
  const docs = spec.targets as Partial<Record<NamedKind, TargetDoc>>;
  const option = (kind: K) => {
    const target =
      kind === "hangup" ? zRingGroupHangupCause.default(spec.hangup ?? "NO_ANSWER") : TARGETS[kind as NamedKind].meta({ ...docs[kind as NamedKind] });
    return z.strictObject({ type: z.literal(kind), target });
  };
  const options = kinds.map(option) as unknown as [DestinationOption<K>, ...DestinationOption<K>[]];
  return z.discriminatedUnion("type", options).openapi(spec.component, { description: spec.description, example: spec.example });
}
