import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { createCdrIngestRouter } from "../cdr/ingest-router.ts";
import { createXmlCurlRouter } from "../xmlcurl/router.ts";
import { bearerAuth } from "./auth/bearer.ts";
import { BODY_LIMITS, freeswitchBodyLimit, restBodyLimit } from "./body-limits.ts";
import { createWhoamiRouter } from "./auth/whoami.ts";
import { createAuditRouter } from "./audit/index.ts";
import { createCdrsRouter } from "./cdrs/index.ts";
import { createConfigRouter } from "./config/index.ts";
import type { AppDeps } from "./deps.ts";
import { createDidsRouter } from "./dids/index.ts";
import { errorHandler } from "./errors.ts";
import { createExtensionsRouter } from "./extensions/index.ts";
import { createGatewaysRouter } from "./gateways/index.ts";
import { createLiveRouter } from "./live/index.ts";
import { createOutboundRoutesRouter } from "./outbound-routes/index.ts";
import { createRecordingsRouter } from "./recordings/index.ts";
import { refuseIllFormedBody } from "./well-formed-body.ts";

const DOCS_TOKEN_INTERCEPTOR = `(req) => {
  let t = sessionStorage.getItem("callboard-token");
  if (!t) { t = prompt("callboard API token (callboard token create --name docs --role viewer)"); if (t) sessionStorage.setItem("callboard-token", t); }
  if (t) req.headers.Authorization = "Bearer " + t;
  return req;
}`;

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  app.get("/health", (c) => c.json({ ok: true, esl: deps.esl.status() }));

  // Ahead of the routers' source guard: a stranger's chunked body costs at most the surface's limit.
  app.use("/freeswitch/xml/*", freeswitchBodyLimit(BODY_LIMITS.xmlcurl, deps.log));
  app.use("/freeswitch/cdr/*", freeswitchBodyLimit(BODY_LIMITS.cdr, deps.log));
  app.route("/freeswitch/xml", createXmlCurlRouter(deps));
  app.route("/freeswitch/cdr", createCdrIngestRouter(deps));

  // One limiter for everything behind a token; only /health (and FreeSWITCH's own endpoints, behind their guard) are open.
  const auth = bearerAuth(deps);
  app.use("/api/v1/*", auth);
  // After auth, so a stranger's body is never read; before any route reads it.
  app.use("/api/v1/*", restBodyLimit());
  app.use("/api/v1/*", refuseIllFormedBody());
  app.use("/api/openapi.json", auth);
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

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "callboard", version: "1", description: "Control plane of a FreeSWITCH PBX" },
    security: [{ bearer: [] }],
  });
  // The page holds no data; it asks for a token once per browser session and sends it with every request.
  app.get("/api/docs", swaggerUI({ url: "/api/openapi.json", requestInterceptor: DOCS_TOKEN_INTERCEPTOR }));
  return app;
}

export type App = ReturnType<typeof createApp>;
