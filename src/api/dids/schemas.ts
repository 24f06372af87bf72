import { z } from "@hono/zod-openapi";
import { FORBIDDEN_CHARS, zDestinationType, zGatewayName, zPhoneNumber } from "../../pbx/safe-values.ts";
import { zPageOf } from "../pagination.ts";
import type { DidRow } from "../../db/dids.ts";
import { isoTime } from "../crud-support.ts";

const number = zPhoneNumber.meta({
  example: "998785553322",
  description: "+998…, 998… or the 9-digit local form; stored as 998… digits",
});
/** Free text for people, refused if it carries FreeSWITCH syntax in case it is ever shown to it. */
const description = z
  .string()
  .max(200)
  .refine((s) => !FORBIDDEN_CHARS.test(s) && !/\p{Cc}/u.test(s), "must not contain $ { } < > \" ' | , ; \\ ` or control characters")
  .nullable();

export const zDestination = z
  .strictObject({
    type: zDestinationType.meta({ description: "extension, ring_group, queue, time_condition or ivr" }),
    target: z.string().min(1).max(64).openapi({ example: "1001", description: "the destination's key: an extension number, a ring group's, queue's, time condition's or IVR menu's name" }),
  })
  .openapi("DidDestination");

const editable = {
  description,
  gateway: zGatewayName.nullable().meta({ description: "the provider gateway this number arrives on (optional)" }),
  destination: zDestination,
  record: z.boolean().openapi({ description: "record every call to this number" }),
  enabled: z.boolean(),
};

export const zDidCreate = z
  .strictObject({
    number,
    description: editable.description.optional(),
    gateway: editable.gateway.optional(),
    destination: editable.destination,
    record: editable.record.default(false),
    enabled: editable.enabled.default(true),
  })
  .openapi("DidCreate");

export const zDidPatch = z
  .strictObject({
    description: editable.description.optional(),
    gateway: editable.gateway.optional(),
    destination: editable.destination.optional(),
    record: editable.record.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("DidPatch");

export const zDid = z
  .object({
    number: z.string().openapi({ example: "998785553322" }),
    ...editable,
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Did");

export const zDidPage = zPageOf(zDid, "DidPage");
export const zDidParam = z.object({ number });

export type DidCreate = z.infer<typeof zDidCreate>;
export type DidPatch = z.infer<typeof zDidPatch>;
export type DidView = z.infer<typeof zDid>;
export type DidDestination = z.infer<typeof zDestination>;

export function toDidView({ did, gateway }: DidRow): DidView {
  return {
    number: did.number,
    description: did.description,
    gateway,
    destination: { type: did.destinationType, target: did.destinationTarget },
    record: did.record,
    enabled: did.enabled,
    createdAt: isoTime(did.createdAt),
    updatedAt: isoTime(did.updatedAt),
  };
}
