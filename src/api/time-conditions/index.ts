import { deleteTimeCondition, getTimeCondition, insertTimeCondition, listTimeConditions, updateTimeCondition } from "../../db/time-conditions.ts";
import type { AppDeps } from "../../http/deps.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createTimeConditionRoute, deleteRoute, getRoute, listRoute, patchRoute } from "./routes.ts";
import { toTimeConditionView } from "./schemas.ts";

/** Business hours and the like (src/pbx/time-conditions.ts), addressed by name. */
export function createTimeConditionsRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listTimeConditions(deps.db, query), query, toTimeConditionView), 200);
    },
    validationHook,
  );

  router.openapi(
    createTimeConditionRoute,
    (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "timeConditions", key: body.name }, (tx) => insertTimeCondition(tx, body));
      return c.json(toTimeConditionView(row), 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toTimeConditionView(getTimeCondition(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchRoute,
    (c) => {
      const { name } = c.req.valid("param");
      const row = auditedWrite(deps, c, { kind: "timeConditions", key: name }, (tx) => updateTimeCondition(tx, name, c.req.valid("json"), now()));
      return c.json(toTimeConditionView(row), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    (c) => {
      const { name } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "timeConditions", key: name }, (tx) => deleteTimeCondition(tx, name));
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
