import { deleteRingGroup, getRingGroup, insertRingGroup, listRingGroups, updateRingGroup } from "../../db/ring-groups.ts";
import type { AppDeps } from "../../http/deps.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createRingGroupRoute, deleteRoute, getRoute, listRoute, patchRoute } from "./routes.ts";
import { toRingGroupView } from "./schemas.ts";

/** Numbers that ring several extensions (src/pbx/ring-groups.ts), addressed by name. */
export function createRingGroupsRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listRingGroups(deps.db, query), query, toRingGroupView), 200);
    },
    validationHook,
  );

  router.openapi(
    createRingGroupRoute,
    (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "ringGroups", key: body.name }, (tx) => insertRingGroup(tx, body));
      return c.json(toRingGroupView(row), 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toRingGroupView(getRingGroup(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchRoute,
    (c) => {
      const { name } = c.req.valid("param");
      const row = auditedWrite(deps, c, { kind: "ringGroups", key: name }, (tx) => updateRingGroup(tx, name, c.req.valid("json"), now()));
      return c.json(toRingGroupView(row), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    (c) => {
      const { name } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "ringGroups", key: name }, (tx) => deleteRingGroup(tx, name));
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
