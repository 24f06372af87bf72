import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../crud-support.ts";
import { zChange } from "../config/schemas.ts";
import { zPageOf, zPageQuery } from "../pagination.ts";

export const zAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ format: "date-time" }),
    actor: z.string().openapi({ description: "the API token's name", example: "ci" }),
    action: z.string().openapi({ example: "PATCH /api/v1/extensions/1001" }),
    summary: z.string().openapi({ example: "changed extension 1001: name, record" }),
    changes: z.array(zChange),
  })
  .openapi("AuditEntry");

export const listAuditRoute = createRoute({
  method: "get",
  path: "/audit",
  operationId: "listAudit",
  tags: ["audit"],
  summary: "Who changed the configuration, when and how: REST writes and file applies, newest first",
  request: { query: zPageQuery },
  responses: {
    200: { description: "a page of audit entries", content: { "application/json": { schema: zPageOf(zAuditEntry, "AuditPage") } } },
    401: errorResponses[401],
    422: errorResponses[422],
    429: errorResponses[429],
  },
});
