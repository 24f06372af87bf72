import { deleteOutboundRoute, getOutboundRoute, insertRoute, listRoutes, updateRoute } from "../../db/outbound-routes.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createOutboundRoute, deleteRoute, getRoute, listRoute, patchRoute } from "./routes.ts";
import { toRouteView } from "./schemas.ts";

/** Which dialled numbers leave through which provider, and who may dial them. */
export function createOutboundRoutesRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listRoutes(deps.db, query), query, toRouteView), 200);
    },
    validationHook,
  );

  router.openapi(
    createOutboundRoute,
    (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "outboundRoutes", key: body.name }, (tx) => insertRoute(tx, body));
      return c.json(toRouteView(row), 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toRouteView(getOutboundRoute(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchRoute,
    (c) => {
      const { name } = c.req.valid("param");
      const row = auditedWrite(deps, c, { kind: "outboundRoutes", key: name }, (tx) => updateRoute(tx, name, c.req.valid("json"), now()));
      return c.json(toRouteView(row), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    (c) => {
      const { name } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "outboundRoutes", key: name }, (tx) => deleteOutboundRoute(tx, name));
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
