import { deleteGateway, getGateway, insertGateway, listGateways, updateGateway } from "../../db/gateways.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { ApiError, conflict } from "../errors.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createGatewayApplier, describeFailure, gatewayCommands } from "./apply-to-freeswitch.ts";
import { createGatewayRoute, deleteRoute, getRoute, listRoute, patchRoute, registerRoute, statusRoute } from "./routes.ts";
import { toGatewayView } from "./schemas.ts";

const ESL_FAILURE_STATUS = { disconnected: 503, timeout: 504, error: 502 } as const;

/** Provider trunks. The password is sealed at rest and never leaves in a response. */
export function createGatewaysRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const apply = createGatewayApplier(deps.esl, deps.log);
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listGateways(deps.db, query), query, toGatewayView), 200);
    },
    validationHook,
  );

  router.openapi(
    createGatewayRoute,
    async (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "gateways", key: body.name }, (tx) => insertGateway(tx, body, deps.secrets));
      return c.json({ ...toGatewayView(row), freeswitch: await apply.created() }, 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toGatewayView(getGateway(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchRoute,
    async (c) => {
      const { name } = c.req.valid("param");
      const row = auditedWrite(deps, c, { kind: "gateways", key: name }, (tx) => updateGateway(tx, name, c.req.valid("json"), deps.secrets, now()));
      return c.json({ ...toGatewayView(row), freeswitch: await apply.updated(name) }, 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    async (c) => {
      const { name } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "gateways", key: name }, (tx) => deleteGateway(tx, name));
      return c.json({ name, deleted: true as const, freeswitch: await apply.deleted(name) }, 200);
    },
    validationHook,
  );

  router.openapi(
    registerRoute,
    async (c) => {
      const { name } = c.req.valid("param");
      if (!getGateway(deps.db, name).enabled) throw conflict(`gateway ${name} is disabled; enable it first`, "enabled");
      const result = await deps.esl.api(gatewayCommands.register(name), { timeout: 5_000 });
      if (!result.ok) throw new ApiError(ESL_FAILURE_STATUS[result.kind], "freeswitch", describeFailure(result));
      return c.json({ name, reply: result.value.trim() }, 200);
    },
    validationHook,
  );

  router.openapi(
    statusRoute,
    (c) => {
      const { name } = c.req.valid("param");
      getGateway(deps.db, name);
      const snapshot = deps.live.snapshot();
      const live = snapshot.gateways.find((g) => g.name === name);
      return c.json(
        {
          name,
          esl: deps.esl.status(),
          state: live?.state ?? null,
          pingStatus: live?.pingStatus ?? null,
          lastStatus: live?.lastStatus ?? null,
          since: live ? new Date(live.since).toISOString() : null,
        },
        200,
      );
    },
    validationHook,
  );

  return router;
}
