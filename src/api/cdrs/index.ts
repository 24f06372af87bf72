import { createRoute, z } from "@hono/zod-openapi";
import { findCall, findRaw, listCdrs } from "../../db/cdrs.ts";
import { normalizeDid } from "../../pbx/numbers.ts";
import { listErrors, readErrors } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { invalid, notFound } from "../errors.ts";
import { zRecordingItem, toRecordingItem } from "../recordings/recording-item.ts";
import { createApiRouter } from "../router.ts";
import { cdrsToCsv } from "./cdr-csv.ts";
import { toCdrItem, zCdrItem } from "./cdr-item.ts";
import { zInstant } from "./instant.ts";

export const MAX_CDR_PAGE = 500;
/** A CSV export is one download, not a page; this only keeps one request bounded. */
export const MAX_CSV_ROWS = 100_000;

const zLegUuid = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be a call or leg uuid");

const zCdrQuery = z.object({
  from: zInstant.optional().openapi({ description: "calls that started at or after (ISO 8601 or Unix epoch)" }),
  to: zInstant.optional().openapi({ description: "calls that started at or before" }),
  number: z.string().regex(/^\+?\d{1,20}$/, "must be digits").optional().openapi({ description: "part of the caller or destination number" }),
  extension: z.string().regex(/^\d{2,6}$/, "must be an extension number").optional(),
  direction: z.enum(["inbound", "outbound", "internal"]).optional(),
  cause: z.string().regex(/^[A-Za-z_]{1,64}$/, "must be a hangup cause such as NORMAL_CLEARING").optional(),
  gateway: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be a gateway name").optional(),
  did: z
    .string()
    .transform((s, ctx) => normalizeDid(s) ?? (ctx.addIssue({ code: "custom", message: "must be a phone number" }), z.NEVER))
    .optional(),
  leg: z.enum(["a", "b"]).optional(),
  call: zLegUuid.optional().openapi({ description: "every leg of one call (its A leg uuid)" }),
  format: z.enum(["json", "csv"]).default("json"),
  limit: z.coerce.number().int().min(1).max(MAX_CSV_ROWS).optional().openapi({ description: `page size: default 50, at most ${MAX_CDR_PAGE} (CSV: ${MAX_CSV_ROWS})` }),
  offset: z.coerce.number().int().min(0).default(0),
});

const listRoute = createRoute({
  method: "get",
  path: "/cdrs",
  operationId: "listCdrs",
  tags: ["cdrs"],
  summary: "Call detail records, newest first (one item per leg); ?format=csv for a spreadsheet",
  request: { query: zCdrQuery },
  responses: {
    200: {
      description: "a page of CDRs, or CSV",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(zCdrItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
        },
        "text/csv": { schema: z.string() },
      },
    },
    ...listErrors,
  },
});

const zCallDetail = zCdrItem.extend({ legs: z.array(zCdrItem), recordings: z.array(zRecordingItem) }).openapi("CdrCall");

const oneRoute = createRoute({
  method: "get",
  path: "/cdrs/{uuid}",
  operationId: "getCdrCall",
  tags: ["cdrs"],
  summary: "One leg with every leg of its call and the call's recordings",
  request: { params: z.object({ uuid: zLegUuid }) },
  responses: { 200: { description: "the call", content: { "application/json": { schema: zCallDetail } } }, ...readErrors },
});

/** Documents the plain route below. */
const rawRoute = createRoute({
  method: "get",
  path: "/cdrs/{uuid}/raw",
  operationId: "getCdrRaw",
  tags: ["cdrs"],
  summary: "The JSON CDR exactly as FreeSWITCH posted it",
  request: { params: z.object({ uuid: zLegUuid }) },
  responses: {
    200: { description: "mod_json_cdr's body, byte for byte", content: { "application/json": { schema: z.object({}).passthrough() } } },
    ...readErrors,
  },
});

export function createCdrsRouter(deps: AppDeps) {
  const router = createApiRouter();
  router.openAPIRegistry.registerPath(rawRoute);

  router.openapi(listRoute, (c) => {
    const { format, limit, ...filters } = c.req.valid("query");
    if (format === "csv") {
      const { items } = listCdrs(deps.db, { ...filters, limit: limit ?? MAX_CSV_ROWS });
      return c.body(cdrsToCsv(items.map(toCdrItem)), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="cdrs.csv"',
      });
    }
    const pageSize = Math.min(limit ?? 50, MAX_CDR_PAGE);
    const { items, total } = listCdrs(deps.db, { ...filters, limit: pageSize });
    return c.json({ items: items.map(toCdrItem), total, limit: pageSize, offset: filters.offset }, 200);
  });

  router.openapi(oneRoute, (c) => {
    const { uuid } = c.req.valid("param");
    const call = findCall(deps.db, uuid);
    if (!call) throw notFound("cdr", uuid);
    return c.json({ ...toCdrItem(call.leg), legs: call.legs.map(toCdrItem), recordings: call.recordings.map(toRecordingItem) }, 200);
  });

  // Plain route: the body is returned verbatim, which the typed JSON responses cannot express.
  router.get("/cdrs/:uuid/raw", (c) => {
    const parsed = zLegUuid.safeParse(c.req.param("uuid"));
    if (!parsed.success) throw invalid("uuid", "must be a call or leg uuid");
    const uuid = parsed.data;
    const raw = findRaw(deps.db, uuid);
    if (raw === undefined) throw notFound("cdr", uuid);
    return c.body(raw, 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  return router;
}
