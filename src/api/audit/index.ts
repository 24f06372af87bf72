import { listAudit } from "../../db/audit-log.ts";
import { isoTime, validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { listAuditRoute } from "./routes.ts";

/** `GET /api/v1/audit`: the configuration's history, readable by any token. */
export function createAuditRouter(deps: AppDeps) {
  const router = createApiRouter();
  router.openapi(
    listAuditRoute,
    (c) => {
      const query = c.req.valid("query");
      const page = toPage(listAudit(deps.db, query), query, (r) => ({ ...r, at: isoTime(r.at), changes: JSON.parse(r.changes) }));
      return c.json(page, 200);
    },
    validationHook,
  );
  return router;
}
