import { z } from "@hono/zod-openapi";
import { zDisplayName, zExtensionNumber, zOutboundClass, zPhoneNumber } from "../../pbx/safe-values.ts";
import { MAX_PASSWORD_LENGTH } from "../../pbx/passwords.ts";
import { zPageOf } from "../pagination.ts";
import type { Extension } from "../../db/schema.ts";
import { isoTime } from "../crud-support.ts";
import { toCallHandlingView, zCallHandling, zCallHandlingInput, zCallHandlingPatch } from "./call-handling-schemas.ts";

const number = zExtensionNumber.meta({ example: "1001", description: "2-6 digits; the SIP user name" });
/** Weakness is checked in the handler, which knows the number; here only the shape. */
const password = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .openapi({ description: "SIP password; at least 10 characters, not digits only, not the number. Omit to get a generated one." });

const editable = {
  name: zDisplayName.meta({ example: "Operator 1" }),
  callerIdName: zDisplayName.nullable().meta({ description: "shown to callees; defaults to name" }),
  callerIdNumber: zPhoneNumber.nullable().meta({ description: "sent on outbound calls when the route sets none" }),
  outboundClass: zOutboundClass.meta({ description: "what this phone may dial: internal < local < national < international" }),
  record: z.boolean().openapi({ description: "record every call of this extension" }),
  maxRegistrations: z.number().int().min(1).max(20).openapi({ description: "phones that may register at once" }),
  enabled: z.boolean(),
  voicemail: z.boolean().openapi({
    description: "a voicemail box: unanswered calls are left there. Its PIN and greeting: /extensions/{number}/voicemail",
  }),
};

export const zExtensionCreate = z
  .strictObject({
    number,
    name: editable.name,
    password: password.optional(),
    callerIdName: editable.callerIdName.optional(),
    callerIdNumber: editable.callerIdNumber.optional(),
    outboundClass: editable.outboundClass.default("national"),
    record: editable.record.default(false),
    maxRegistrations: editable.maxRegistrations.default(3),
    enabled: editable.enabled.default(true),
    voicemail: editable.voicemail.default(false),
    callHandling: zCallHandlingInput,
  })
  .openapi("ExtensionCreate");

export const zExtensionPatch = z
  .strictObject({
    name: editable.name.optional(),
    password: password.optional(),
    callerIdName: editable.callerIdName.optional(),
    callerIdNumber: editable.callerIdNumber.optional(),
    outboundClass: editable.outboundClass.optional(),
    record: editable.record.optional(),
    maxRegistrations: editable.maxRegistrations.optional(),
    enabled: editable.enabled.optional(),
    voicemail: editable.voicemail.optional(),
    callHandling: zCallHandlingPatch.optional().openapi({ description: "forwards, do-not-disturb and ring time; only the parts given change" }),
  })
  .openapi("ExtensionPatch");

export const zExtension = z
  .object({
    number,
    ...editable,
    callHandling: zCallHandling,
    passwordStale: z.boolean().openapi({
      description: "true when the SIP domain changed since the password was set: the phone cannot register until it is reset",
    }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Extension");

export const zExtensionWithPassword = zExtension
  .extend({ password: z.string().openapi({ description: "the SIP password in clear: shown in this response only" }) })
  .openapi("ExtensionWithPassword");

export const zExtensionPage = zPageOf(zExtension, "ExtensionPage");
export const zNumberParam = z.object({ number: number });

export type ExtensionCreate = z.infer<typeof zExtensionCreate>;
export type ExtensionPatch = z.infer<typeof zExtensionPatch>;
export type ExtensionView = z.infer<typeof zExtension>;

/** An extension as the API shows it: never its a1-hash; stale when made for another SIP domain. */
export function toExtensionView(row: Extension, realm: string): ExtensionView {
  return {
    number: row.number,
    name: row.name,
    callerIdName: row.callerIdName,
    callerIdNumber: row.callerIdNumber,
    outboundClass: row.outboundClass,
    record: row.record,
    maxRegistrations: row.maxRegistrations,
    enabled: row.enabled,
    voicemail: row.voicemailEnabled,
    callHandling: toCallHandlingView(row),
    passwordStale: row.realm !== realm,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}
