import { z } from "@hono/zod-openapi";
import { zFreeswitchApplied } from "../gateways/schemas.ts";
import { KIND_NAMES } from "../../pbx-file/kinds.ts";

const kind = z.enum(KIND_NAMES);

export const zFieldChange = z
  .object({
    field: z.string().openapi({ example: "name" }),
    from: z.unknown().optional(),
    to: z.unknown().optional(),
    secret: z.literal(true).optional().openapi({ description: "a credential: its values are never shown" }),
    note: z.string().optional().openapi({ example: "from env BELLUZ_PASSWORD" }),
  })
  .openapi("ConfigFieldChange");

export const zChange = z
  .object({
    op: z.enum(["create", "update", "delete"]),
    kind,
    key: z.string().openapi({ example: "1001" }),
    fields: z.record(z.string(), z.unknown()).optional().openapi({ description: "create: every field of the new object" }),
    secret: z.object({ field: z.string(), note: z.string() }).optional().openapi({ description: "create: what happens to its credential" }),
    changes: z.array(zFieldChange).optional().openapi({ description: "update: each field that differs, old and new" }),
  })
  .openapi("ConfigChange");

export const zConfigRequest = z
  .strictObject({
    config: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .openapi({ description: "the PBX file: its YAML or JSON text, or the document as a JSON object (see GET /config/schema)" }),
    secrets: z
      .strictObject({
        env: z.record(z.string(), z.string()).optional().openapi({ description: "values for the file's `{ env: NAME }` references" }),
        file: z.record(z.string(), z.string()).optional().openapi({ description: "values for its `{ file: PATH }` references, keyed by PATH as written" }),
      })
      .optional()
      .openapi({ description: "the provider passwords the file refers to; never stored as given, never returned, never logged" }),
    prune: z.boolean().default(false).openapi({ description: "delete what the file does not list (in dependency order)" }),
    expect: z
      .string()
      .optional()
      .openapi({ description: "apply only: the `fingerprint` of the plan that was reviewed; 409 if the plan would now differ" }),
  })
  .openapi("ConfigRequest");

export const zPlan = z
  .object({
    changed: z.boolean().openapi({ description: "plan: something would change; apply: something did" }),
    summary: z.object({ create: z.number().int(), update: z.number().int(), delete: z.number().int(), absent: z.number().int() }),
    changes: z.array(zChange).openapi({ description: "in the order apply makes them" }),
    absent: z.array(z.object({ kind, key: z.string() })).openapi({ description: "stored but not in the file: left alone without prune" }),
    prune: z.boolean(),
    fingerprint: z.string().openapi({ description: "names this plan; pass it as `expect` to apply exactly this" }),
    text: z.string().openapi({ description: "the plan as `callboard plan` prints it" }),
  })
  .openapi("ConfigPlan");

export const zApplied = zPlan
  .extend({
    passwords: z
      .array(z.object({ number: z.string(), password: z.string() }))
      .openapi({ description: "SIP passwords generated for new extensions without an a1Hash: shown in this response only" }),
    freeswitch: zFreeswitchApplied.nullable().openapi({ description: "whether FreeSWITCH took the gateway changes; null when none changed" }),
  })
  .openapi("ConfigApplied");

export const zInvalidConfig = z
  .object({
    error: z.object({ code: z.literal("invalid"), message: z.string() }),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: "extensions[3].number" }), message: z.string() }))
      .openapi({ description: "every problem in the file, each at its path" }),
  })
  .openapi("ConfigInvalid");

export const zExportQuery = z.object({
  format: z.enum(["yaml", "json"]).default("yaml").openapi({ description: "yaml (with a comment header) or the same document as JSON" }),
});

export type ConfigRequest = z.infer<typeof zConfigRequest>;
