import { crudRoutes } from "../crud-routes.ts";
import { zRoute, zRouteCreate, zRoutePage, zRouteParam, zRoutePatch } from "./schemas.ts";

export const outboundRouteRoutes = crudRoutes({
  path: "/outbound-routes",
  tag: "outbound-routes",
  singular: "OutboundRoute",
  plural: "OutboundRoutes",
  schemas: { param: zRouteParam, item: zRoute, page: zRoutePage, create: zRouteCreate, patch: zRoutePatch },
  summaries: {
    list: "List outbound routes in the order they are tried (priority, then name)",
    create: "Send numbers matching a pattern out through a gateway",
    get: "One outbound route",
    patch: "Change an outbound route",
    delete: "Delete an outbound route",
  },
  describe: { page: "a page of routes", item: "the route" },
});
