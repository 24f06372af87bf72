import { deleteTimeCondition, getTimeCondition, insertTimeCondition, listTimeConditions, updateTimeCondition } from "../../db/time-conditions.ts";
import type { AppDeps } from "../../http/deps.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { createApiRouter } from "../router.ts";
import { timeConditionRoutes } from "./routes.ts";
import { toTimeConditionView } from "./schemas.ts";

/** Business hours and the like (src/pbx/time-conditions.ts), addressed by name. */
export function createTimeConditionsRouter(deps: AppDeps) {
  const router = createApiRouter();
  addCrudRoutes(router, deps, {
    kind: "timeConditions",
    routes: timeConditionRoutes,
    store: { list: listTimeConditions, get: getTimeCondition, insert: insertTimeCondition, update: updateTimeCondition, remove: deleteTimeCondition },
    view: toTimeConditionView,
  });
  return router;
}
