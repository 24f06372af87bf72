import { z } from "@hono/zod-openapi";
import { gatewayPasswordProblem } from "../../pbx/passwords.ts";
import { zGatewayName, zHostName, zSipUsername } from "../../pbx/safe-values.ts";
import { zPageOf } from "../pagination.ts";
import type { Gateway } from "../../db/schema.ts";
import { isoTime } from "../crud-support.ts";

const name = zGatewayName.meta({ example: "belluz", description: "a-z 0-9 _ -; FreeSWITCH's gateway name" });
const password = z
  .string()
  .superRefine((value, ctx) => {
    const problem = gatewayPasswordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({ description: "the provider account's password; stored encrypted, never returned", format: "password" });

const editable = {
  host: zHostName.meta({ example: "bell.uz" }),
  port: z.number().int().min(1).max(65535),
  transport: z.enum(["udp", "tcp", "tls"]),
  username: zSipUsername.meta({ example: "998785553322" }),
  register: z.boolean().openapi({ description: "register to the provider (most trunks need it)" }),
  expireSeconds: z.number().int().min(60).max(86_400).openapi({ description: "registration lifetime asked for" }),
  retrySeconds: z.number().int().min(5).max(3_600).openapi({ description: "wait after a failed registration" }),
  fromDomain: zHostName.nullable().meta({ description: "domain in From when the provider wants one; default: host" }),
  callerIdInFrom: z.boolean().openapi({ description: "put the caller's number in the From user part" }),
  enabled: z.boolean(),
};

export const zGatewayCreate = z
  .strictObject({
    name,
    host: editable.host,
    port: editable.port.default(5060),
    transport: editable.transport.default("udp"),
    username: editable.username,
    password,
    register: editable.register.default(true),
    expireSeconds: editable.expireSeconds.default(600),
    retrySeconds: editable.retrySeconds.default(30),
    fromDomain: editable.fromDomain.optional(),
    callerIdInFrom: editable.callerIdInFrom.default(false),
    enabled: editable.enabled.default(true),
  })
  .openapi("GatewayCreate");

export const zGatewayPatch = z
  .strictObject({
    host: editable.host.optional(),
    port: editable.port.optional(),
    transport: editable.transport.optional(),
    username: editable.username.optional(),
    password: password.optional(),
    register: editable.register.optional(),
    expireSeconds: editable.expireSeconds.optional(),
    retrySeconds: editable.retrySeconds.optional(),
    fromDomain: editable.fromDomain.optional(),
    callerIdInFrom: editable.callerIdInFrom.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("GatewayPatch");

export const zFreeswitchApplied = z
  .object({
    applied: z.boolean().openapi({ description: "false: the database has the change but FreeSWITCH does not yet" }),
    error: z.string().optional().openapi({ example: "disconnected: not connected" }),
    pending: z
      .literal(true)
      .optional()
      .openapi({ description: "FreeSWITCH did not hear it; callboard applies it when the event socket reconnects" }),
  })
  .openapi("FreeswitchApplied");

export const zGateway = z
  .object({
    name,
    ...editable,
    hasPassword: z.literal(true).openapi({ description: "the password is stored; it is never returned" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Gateway");

export const zGatewayWritten = zGateway.extend({ freeswitch: zFreeswitchApplied }).openapi("GatewayWritten");
export const zGatewayDeleted = z.object({ name, deleted: z.literal(true), freeswitch: zFreeswitchApplied }).openapi("GatewayDeleted");

export const zGatewayStatus = z
  .object({
    name,
    esl: z.enum(["connecting", "connected", "disconnected"]),
    state: z.string().nullable().openapi({ description: "FreeSWITCH's state: REGED, TRYING, FAILED, FAIL_WAIT, NOREG…; null when unknown" }),
    pingStatus: z.string().nullable(),
    lastStatus: z.string().nullable().openapi({ example: "503 Service Unavailable" }),
    since: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("GatewayStatus");

export const zRegisterResult = z.object({ name, reply: z.string().openapi({ example: "+OK" }) }).openapi("GatewayRegister");

export const zGatewayPage = zPageOf(zGateway, "GatewayPage");
export const zNameParam = z.object({ name: zGatewayName });

export type GatewayCreate = z.infer<typeof zGatewayCreate>;
export type GatewayPatch = z.infer<typeof zGatewayPatch>;
export type GatewayView = z.infer<typeof zGateway>;
export type FreeswitchApplied = z.infer<typeof zFreeswitchApplied>;

/** A gateway as the API shows it: the password never leaves, only that there is one. */
export function toGatewayView(row: Gateway): GatewayView {
  return {
    name: row.name,
    host: row.host,
    port: row.port,
    transport: row.transport,
    username: row.username,
    hasPassword: true,
    register: row.register,
    expireSeconds: row.expireSeconds,
    retrySeconds: row.retrySeconds,
    fromDomain: row.fromDomain,
    callerIdInFrom: row.callerIdInFrom,
    enabled: row.enabled,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}
