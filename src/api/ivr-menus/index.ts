import { deleteIvrMenu, getIvrMenu, insertIvrMenu, listIvrMenus, updateIvrMenu } from "../../db/ivr-menus.ts";
import type { AppDeps } from "../../http/deps.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createIvrMenuRoute, deleteRoute, getRoute, listRoute, patchRoute } from "./routes.ts";
import { toIvrMenuView } from "./schemas.ts";

/** Menus callers key digits into (src/pbx/ivr-menus.ts), addressed by name. */
export function createIvrMenusRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listIvrMenus(deps.db, query), query, toIvrMenuView), 200);
    },
    validationHook,
  );

  router.openapi(
    createIvrMenuRoute,
    (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "ivrMenus", key: body.name }, (tx) => insertIvrMenu(tx, body));
      return c.json(toIvrMenuView(row), 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toIvrMenuView(getIvrMenu(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchRoute,
    (c) => {
      const { name } = c.req.valid("param");
      const row = auditedWrite(deps, c, { kind: "ivrMenus", key: name }, (tx) => updateIvrMenu(tx, name, c.req.valid("json"), now()));
      return c.json(toIvrMenuView(row), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    (c) => {
      const { name } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "ivrMenus", key: name }, (tx) => deleteIvrMenu(tx, name));
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
