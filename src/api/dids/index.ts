import { deleteDid, getDid, insertDid, listDids, updateDid } from "../../db/dids.ts";
import { normalizeDid } from "../../pbx/numbers.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { invalid } from "../errors.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createDidRoute, deleteRoute, getRoute, listRoute, patchRoute } from "./routes.ts";
import { toDidView } from "./schemas.ts";
import { traceDid, traceRoute } from "./trace.ts";

/** The one stored form: providers send +998…, 998… or local 9 digits for the same number. */
function storedNumber(raw: string): string {
  const number = normalizeDid(raw);
  if (!number) throw invalid("number", "number: must be digits with an optional leading +");
  return number;
}

/** Inbound numbers and where their calls go. */
export function createDidsRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const router = createApiRouter();

  router.openapi(
    traceRoute,
    (c) => {
      const { at } = c.req.valid("query");
      const when = at === undefined ? now() : new Date(at);
      return c.json(traceDid(deps.db, storedNumber(c.req.valid("param").number), when, deps.config.timeZone), 200);
    },
    validationHook,
  );

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listDids(deps.db, query), query, toDidView), 200);
    },
    validationHook,
  );

  router.openapi(
    createDidRoute,
    (c) => {
      const body = c.req.valid("json");
      const number = storedNumber(body.number);
      const row = auditedWrite(deps, c, { kind: "dids", key: number }, (tx) => insertDid(tx, { ...body, number }));
      return c.json(toDidView(row), 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toDidView(getDid(deps.db, storedNumber(c.req.valid("param").number))), 200), validationHook);

  router.openapi(
    patchRoute,
    (c) => {
      const number = storedNumber(c.req.valid("param").number);
      const row = auditedWrite(deps, c, { kind: "dids", key: number }, (tx) => updateDid(tx, number, c.req.valid("json"), now()));
      return c.json(toDidView(row), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    (c) => {
      const number = storedNumber(c.req.valid("param").number);
      auditedWrite(deps, c, { kind: "dids", key: number }, (tx) => deleteDid(tx, number));
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
