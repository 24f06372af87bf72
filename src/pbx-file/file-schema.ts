/**
 * The PBX file's shape, made from the REST API's own create schemas: a field
 * the API accepts is a field the file accepts, checked by the same rules.
 * Only the credentials differ, because a file is kept in git.
 */
import { z } from "zod";
import { zDidCreate } from "../api/dids/schemas.ts";
import { zExtensionCreate } from "../api/extensions/schemas.ts";
import { zGatewayCreate } from "../api/gateways/schemas.ts";
import { zRouteCreate } from "../api/outbound-routes/schemas.ts";
import { zAgentCreate } from "../api/queues/agent-schemas.ts";
import { zQueueCreate } from "../api/queues/schemas.ts";
import { zIvrMenuCreate } from "../api/ivr-menus/schemas.ts";
import { zRingGroupCreate } from "../api/ring-groups/schemas.ts";
import { zTimeConditionCreate } from "../api/time-conditions/schemas.ts";
import type { KindName } from "./kinds.ts";

export const FILE_VERSION = 1;
export const A1_HASH = /^[0-9a-f]{32}$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const zSecretRef = z
  .union([
    z.strictObject({ env: z.string().regex(ENV_NAME, "must be an environment variable name") }),
    z.strictObject({ file: z.string().min(1).max(4096) }),
  ], { error: "must be { env: NAME } or { file: PATH }: a password in clear does not belong in the file" })
  .meta({
    description:
      "where the provider password is read when the file is applied: an environment variable, or a file (relative to the PBX file) holding it; a trailing newline is ignored",
  });
export type SecretRef = z.infer<typeof zSecretRef>;

const zFileExtension = zExtensionCreate.omit({ password: true }).extend({
  a1Hash: z
    .string()
    .regex(A1_HASH, "must be 32 lowercase hex digits: md5 of number:domain:password")
    .optional()
    .meta({
      description:
        "the SIP credential as md5(number:domain:password) for this PBX's CALLBOARD_DOMAIN. Omitted: kept if the extension exists, generated (and shown once) if it is new",
    }),
});

const zFileGateway = zGatewayCreate.omit({ password: true }).extend({
  password: zSecretRef.optional().meta({ description: "required for a new gateway; omitted: the stored password is kept" }),
});

/** One schema per kind, used for each entry of the file on its own so every bad entry is reported. */
export const ENTRY_SCHEMAS = {
  extensions: zFileExtension,
  gateways: zFileGateway,
  dids: zDidCreate,
  outboundRoutes: zRouteCreate,
  ringGroups: zRingGroupCreate,
  timeConditions: zTimeConditionCreate,
  agents: zAgentCreate.omit({ status: true }),
  queues: zQueueCreate,
  ivrMenus: zIvrMenuCreate,
} satisfies Record<KindName, z.ZodObject>;

const header = {
  $schema: z.string().optional().meta({ description: "editors' schema association; ignored by callboard" }),
  version: z.literal(FILE_VERSION).optional().meta({ description: "the file format's version" }),
};

/** The whole file, for the JSON Schema editors use. */
export const zPbxFile = z
  .strictObject({
    ...header,
    extensions: z.array(ENTRY_SCHEMAS.extensions).default([]).meta({ description: "phones' SIP accounts, by number" }),
    gateways: z.array(ENTRY_SCHEMAS.gateways).default([]).meta({ description: "provider trunks, by name" }),
    dids: z.array(ENTRY_SCHEMAS.dids).default([]).meta({ description: "inbound numbers and where they ring" }),
    outboundRoutes: z.array(ENTRY_SCHEMAS.outboundRoutes).default([]).meta({ description: "which dialled numbers leave through which gateway" }),
    ringGroups: z.array(ENTRY_SCHEMAS.ringGroups).default([]).meta({ description: "numbers that ring several extensions, by name" }),
    timeConditions: z.array(ENTRY_SCHEMAS.timeConditions).default([]).meta({ description: "business hours: where calls go while open and while closed, by name" }),
    agents: z.array(ENTRY_SCHEMAS.agents).default([]).meta({ description: "extensions that take queue calls (their status is not kept in the file)" }),
    queues: z.array(ENTRY_SCHEMAS.queues).default([]).meta({ description: "call-centre queues and their agents, by name" }),
    ivrMenus: z.array(ENTRY_SCHEMAS.ivrMenus).default([]).meta({ description: "menus callers key digits into, by name; their sounds are uploaded apart (POST /api/v1/sounds)" }),
  })
  .meta({
    title: "callboard PBX file",
    description: "The whole PBX: review with `callboard plan -f FILE`, apply with `callboard apply -f FILE`.",
  });

/** The same file with its entries unchecked: each is then parsed on its own. */
export const zPbxEnvelope = z.strictObject({
  ...header,
  extensions: z.array(z.unknown()).default([]),
  gateways: z.array(z.unknown()).default([]),
  dids: z.array(z.unknown()).default([]),
  outboundRoutes: z.array(z.unknown()).default([]),
  ringGroups: z.array(z.unknown()).default([]),
  timeConditions: z.array(z.unknown()).default([]),
  agents: z.array(z.unknown()).default([]),
  queues: z.array(z.unknown()).default([]),
  ivrMenus: z.array(z.unknown()).default([]),
});

/** JSON Schema (draft 2020-12) of what may be written: defaulted fields are optional. */
export function pbxFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(zPbxFile, { io: "input", target: "draft-2020-12" });
}
