import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createCdrIngestRouter } from "../cdr/ingest-router.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { addMetricsRoute } from "../metrics/metrics-route.ts";
import { addSwitchGauges } from "../metrics/switch-gauges.ts";
import { VERSION } from "../version.ts";
import { createXmlCurlRouter } from "../xmlcurl/router.ts";
import { accessLog } from "./access-log.ts";
import { bearerAuth } from "./auth/bearer.ts";
import { BODY_LIMITS, freeswitchBodyLimit, restBodyLimit } from "./body-limits.ts";
import { createWhoamiRouter } from "./auth/whoami.ts";
import { createAuditRouter } from "./audit/index.ts";
import { createCdrsRouter } from "./cdrs/index.ts";
import { createConfigRouter } from "./config/index.ts";
import type { AppDeps } from "./deps.ts";
import { createDidsRouter } from "./dids/index.ts";
import { addDocsPage } from "./docs/docs-page.ts";
import { addOpenApiDocument, OPENAPI_PATH } from "./docs/openapi-document.ts";
import { errorHandler } from "./errors.ts";
import { createExtensionsRouter } from "./extensions/index.ts";
import { createGatewaysRouter } from "./gateways/index.ts";
import { createLiveRouter } from "./live/index.ts";
import { createOutboundRoutesRouter } from "./outbound-routes/index.ts";
import { createRecordingsRouter } from "./recordings/index.ts";
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

export function createApp(appDeps: AppDeps) {
  const metrics = appDeps.metrics ?? createMetrics(VERSION, appDeps.now);
  const deps = { ...appDeps, metrics };
  addSwitchGauges(metrics, deps);

  const app = new OpenAPIHono();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  // Everything but FreeSWITCH's own endpoints, which log each request themselves.
  app.use("/api/*", accessLog(deps.log));
  app.use("/health", accessLog(deps.log));
  app.use("/metrics", accessLog(deps.log));

  app.openapi(healthRoute, (c) => c.json({ ok: true as const, esl: deps.esl.status() }, 200));

  // Ahead of the routers' source guard: a stranger's chunked body costs at most the surface's limit.
  app.use("/freeswitch/xml/*", freeswitchBodyLimit(BODY_LIMITS.xmlcurl, deps.log));
  app.use("/freeswitch/cdr/*", freeswitchBodyLimit(BODY_LIMITS.cdr, deps.log));
  app.route("/freeswitch/xml", createXmlCurlRouter(deps));
  app.route("/freeswitch/cdr", createCdrIngestRouter(deps));

  // One limiter for everything behind a token; only /health, /api/docs (no data), FreeSWITCH's endpoints (behind their guard) and, from allowed addresses, /metrics are open.
  const auth = bearerAuth(deps);
  app.use("/api/v1/*", auth);
  // After auth, so a stranger's body is never read; before any route reads it.
  app.use("/api/v1/*", restBodyLimit());
  app.use("/api/v1/*", refuseIllFormedBody());
  app.use(OPENAPI_PATH, auth);
  app.route("/api/v1", createExtensionsRouter(deps));
  app.route("/api/v1", createGatewaysRouter(deps));
  app.route("/api/v1", createDidsRouter(deps));
  app.route("/api/v1", createOutboundRoutesRouter(deps));
  app.route("/api/v1", createLiveRouter(deps));
  app.route("/api/v1", createCdrsRouter(deps));
  app.route("/api/v1", createRecordingsRouter(deps));
  app.route("/api/v1", createWhoamiRouter());
  app.route("/api/v1", createConfigRouter(deps));
  app.route("/api/v1", createAuditRouter(deps));

  addMetricsRoute(app, { metrics, allow: deps.config.metrics.allow, auth, log: deps.log });
  addOpenApiDocument(app, VERSION);
  addDocsPage(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
