import { deleteIvrMenu, getIvrMenu, insertIvrMenu, listIvrMenus, updateIvrMenu } from "../../db/ivr-menus.ts";
import type { AppDeps } from "../../http/deps.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { createApiRouter } from "../router.ts";
import { ivrMenuRoutes } from "./routes.ts";
import { toIvrMenuView } from "./schemas.ts";

/** Menus callers key digits into (src/pbx/ivr-menus.ts), addressed by name. */
export function createIvrMenusRouter(deps: AppDeps) {
  const router = createApiRouter();
  addCrudRoutes(router, deps, {
    kind: "ivrMenus",
    routes: ivrMenuRoutes,
    store: { list: listIvrMenus, get: getIvrMenu, insert: insertIvrMenu, update: updateIvrMenu, remove: deleteIvrMenu },
    view: toIvrMenuView,
  });
  return router;
}
