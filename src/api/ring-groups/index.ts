import { deleteRingGroup, getRingGroup, insertRingGroup, listRingGroups, updateRingGroup } from "../../db/ring-groups.ts";
import type { AppDeps } from "../../http/deps.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { createApiRouter } from "../router.ts";
import { ringGroupRoutes } from "./routes.ts";
import { toRingGroupView } from "./schemas.ts";

/** Numbers that ring several extensions (src/pbx/ring-groups.ts), addressed by name. */
export function createRingGroupsRouter(deps: AppDeps) {
  const router = createApiRouter();
  addCrudRoutes(router, deps, {
    kind: "ringGroups",
    routes: ringGroupRoutes,
    store: { list: listRingGroups, get: getRingGroup, insert: insertRingGroup, update: updateRingGroup, remove: deleteRingGroup },
    view: toRingGroupView,
  });
  return router;
}
