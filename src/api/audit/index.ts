import { count, desc } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import { isoTime, validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { createApiRouter } from "../router.ts";
import { listAuditRoute } from "./routes.ts";

/** `GET /api/v1/audit`: the configuration's history, readable by any token. */
export function createAuditRouter(deps: AppDeps) {
  const router = createApiRouter();
  router.openapi(
    listAuditRoute,
    (c) => {
      const { limit, offset } = c.req.valid("query");
      const rows = deps.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
      const total = deps.db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
      const items = rows.map((r) => ({ ...r, at: isoTime(r.at), changes: JSON.parse(r.changes) }));
      return c.json({ items, total, limit, offset }, 200);
    },
    validationHook,
  );
  return router;
}
