import { deleteOutboundRoute, getOutboundRoute, insertRoute, listRoutes, updateRoute } from "../../db/outbound-routes.ts";
import type { AppDeps } from "../../http/deps.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { createApiRouter } from "../router.ts";
import { outboundRouteRoutes } from "./routes.ts";
import { toRouteView } from "./schemas.ts";

/** Which dialled numbers leave through which provider, and who may dial them. */
export function createOutboundRoutesRouter(deps: AppDeps) {
  const router = createApiRouter();
  addCrudRoutes(router, deps, {
    kind: "outboundRoutes",
    routes: outboundRouteRoutes,
    store: { list: listRoutes, get: getOutboundRoute, insert: insertRoute, update: updateRoute, remove: deleteOutboundRoute },
    view: toRouteView,
  });
  return router;
}
