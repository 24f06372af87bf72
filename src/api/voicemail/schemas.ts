import { z } from "@hono/zod-openapi";
import { zExtensionNumber } from "../../pbx/safe-values.ts";
import { zNumberParam } from "../extensions/schemas.ts";
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH } from "../../pbx/voicemail.ts";
import type { VoicemailBoxRow } from "../../db/voicemail-boxes.ts";
import type { VoicemailMessage } from "../../esl/parse-vm-list.ts";

export const zBoxParam = zNumberParam;
export const zMessageParam = zBoxParam.extend({
  uuid: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a message uuid")
    .openapi({ param: { name: "uuid", in: "path" }, example: "3b5e1f0e-7d59-4a8e-9a52-2c7f0d3c1b11" }),
});

export const zVoicemailBox = z
  .object({
    number: zExtensionNumber,
    enabled: z.boolean().openapi({ description: "unanswered calls are left in the box" }),
    pinSet: z.boolean().openapi({ description: "a PIN opens the box from a phone (*97, *98); the PIN itself is never shown" }),
    greeting: z.boolean().openapi({ description: "an uploaded greeting plays instead of FreeSWITCH's own" }),
  })
  .openapi("VoicemailBox", { example: { number: "1001", enabled: true, pinSet: true, greeting: false } });

export const zVoicemailBoxPut = z
  .strictObject({
    enabled: z.boolean(),
    pin: z
      .string()
      .max(64)
      .optional()
      .openapi({
        description: `${MIN_PIN_LENGTH}-${MAX_PIN_LENGTH} digits, not the extension number, not one digit repeated, not a run (1234). Omit to keep the PIN set before.`,
        example: "480215",
      }),
  })
  .openapi("VoicemailBoxPut");

export const zVoicemailMessage = z
  .object({
    uuid: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    readAt: z.string().nullable().openapi({ format: "date-time", description: "when it was first heard; null while it is new" }),
    callerIdName: z.string(),
    callerIdNumber: z.string(),
    seconds: z.number().int(),
    folder: z.string().openapi({ example: "inbox" }),
  })
  .openapi("VoicemailMessage");

export const zVoicemailMessages = z
  .object({ items: z.array(zVoicemailMessage), total: z.number().int() })
  .openapi("VoicemailMessages");

export const toBoxView = (row: VoicemailBoxRow): z.infer<typeof zVoicemailBox> => ({
  number: row.number,
  enabled: row.enabled,
  pinSet: row.pinHash !== null,
  greeting: row.greeting !== null,
});

const iso = (epoch: number) => new Date(epoch * 1000).toISOString();

export const toMessageView = (m: VoicemailMessage): z.infer<typeof zVoicemailMessage> => ({
  uuid: m.uuid,
  createdAt: iso(m.createdEpoch),
  readAt: m.readEpoch === 0 ? null : iso(m.readEpoch),
  callerIdName: m.callerIdName,
  callerIdNumber: m.callerIdNumber,
  seconds: m.seconds,
  folder: m.folder,
});
