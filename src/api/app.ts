import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps } from "../http/deps.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { addMetricsRoute } from "../metrics/metrics-route.ts";
import { VERSION } from "../version.ts";
import { accessLog } from "./access-log.ts";
import { bearerAuth } from "./auth/bearer.ts";
import { restBodyLimit } from "./body-limits.ts";
import { createWhoamiRouter } from "./auth/whoami.ts";
import { createAuditRouter } from "./audit/index.ts";
import { createCdrsRouter } from "./cdrs/index.ts";
import { createConfigRouter } from "./config/index.ts";
import { createDidsRouter } from "./dids/index.ts";
import { addDocsPage } from "./docs/docs-page.ts";
import { addOpenApiDocument, OPENAPI_PATH } from "./docs/openapi-document.ts";
import { createExtensionsRouter } from "./extensions/index.ts";
import { createGatewaysRouter } from "./gateways/index.ts";
import { createLiveRouter } from "./live/index.ts";
import { createOutboundRoutesRouter } from "./outbound-routes/index.ts";
import { createQueuesCallcenter, createQueuesRouter } from "./queues/index.ts";
import { createRecordingsRouter } from "./recordings/index.ts";
import { createIvrMenusRouter } from "./ivr-menus/index.ts";
import { createRingGroupsRouter } from "./ring-groups/index.ts";
import { createSoundsRouter } from "./sounds/index.ts";
import { createTimeConditionsRouter } from "./time-conditions/index.ts";
import { createVoicemailRouter } from "./voicemail/index.ts";
import { refuseIllFormedBody } from "./well-formed-body.ts";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["operations"],
  summary: "Liveness for load balancers and Docker; open, and says only whether the event socket is up",
  security: [],
  responses: {
    200: {
      description: "callboard is serving",
      content: {
        "application/json": {
          schema: z.object({ ok: z.literal(true), esl: z.enum(["connecting", "connected", "disconnected"]) }),
          example: { ok: true, esl: "connected" },
        },
      },
    },
  },
});

/**
 * The admins' surface: /health, the REST API under /api/v1, /metrics and the
 * OpenAPI document with its page. FreeSWITCH's endpoints are mounted beside
 * it (src/system.ts), which also answers errors and unknown paths for all.
 */
export function createApi(deps: AppDeps & { metrics: Metrics }) {
  const app = new OpenAPIHono();
  // Everything but FreeSWITCH's own endpoints, which log each request themselves.
  app.use("/api/*", accessLog(deps.log));
  app.use("/health", accessLog(deps.log));
  app.use("/metrics", accessLog(deps.log));

  app.openapi(healthRoute, (c) => c.json({ ok: true as const, esl: deps.esl.status() }, 200));

  // One limiter for everything behind a token; only /health, /api/docs (no data), FreeSWITCH's endpoints (behind their guard) and, from allowed addresses, /metrics are open.
  const auth = bearerAuth(deps);
  app.use("/api/v1/*", auth);
  // After auth, so a stranger's body is never read; before any route reads it.
  app.use("/api/v1/*", restBodyLimit());
  app.use("/api/v1/*", refuseIllFormedBody());
  app.use(OPENAPI_PATH, auth);
  const callcenter = createQueuesCallcenter(deps);
  app.route("/api/v1", createExtensionsRouter(deps));
  app.route("/api/v1", createVoicemailRouter(deps));
  app.route("/api/v1", createGatewaysRouter(deps));
  app.route("/api/v1", createDidsRouter(deps));
  app.route("/api/v1", createRingGroupsRouter(deps));
  app.route("/api/v1", createTimeConditionsRouter(deps));
  app.route("/api/v1", createQueuesRouter(deps, callcenter));
  app.route("/api/v1", createIvrMenusRouter(deps));
  app.route("/api/v1", createOutboundRoutesRouter(deps));
  app.route("/api/v1", createLiveRouter(deps));
  app.route("/api/v1", createCdrsRouter(deps));
  app.route("/api/v1", createRecordingsRouter(deps));
  app.route("/api/v1", createSoundsRouter(deps));
  app.route("/api/v1", createWhoamiRouter());
  app.route("/api/v1", createConfigRouter(deps, callcenter));
  app.route("/api/v1", createAuditRouter(deps));

  addMetricsRoute(app, { metrics: deps.metrics, allow: deps.config.metrics.allow, auth, log: deps.log });
  addOpenApiDocument(app, VERSION);
  addDocsPage(app);
  return app;
}
