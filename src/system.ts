/**
 * The composition root: the one place that builds the running callboard
 * (config → database → ESL client → live store → recording tracker →
 * parked-CDR replayer → HTTP app) and mounts its three HTTP surfaces side by
 * side: FreeSWITCH's /freeswitch/xml (xmlcurl/) and /freeswitch/cdr (cdr/),
 * and the admins' REST API (api/). `serve`, `demo` and the tests start
 * callboard through here; nothing else wires modules together.
 */
import { networkInterfaces } from "node:os";
import { OpenAPIHono } from "@hono/zod-openapi";
import { websocket } from "hono/bun";
import { createApi } from "./api/app.ts";
import { startFeatureCodeListener } from "./api/extensions/feature-code-listener.ts";
import { errorHandler } from "./api/errors.ts";
import { MAX_BUFFERED_BYTES } from "./api/events-ws.ts";
import { createCdrIngestRouter } from "./cdr/ingest-router.ts";
import { startParkedCdrReplayer } from "./cdr/parked-cdr-replayer.ts";
import { startRecordingTracker } from "./cdr/recording-tracker.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { SecretBox } from "./db/secret-box.ts";
import { createEslClient } from "./esl/esl-client.ts";
import { createLiveStore } from "./esl/live-store.ts";
import { startVoicemailPinListener } from "./esl/voicemail-pin-listener.ts";
import type { LiveView } from "./esl/live-types.ts";
import type { EslPort } from "./esl/port.ts";
import { BODY_LIMITS, freeswitchBodyLimit, MAX_REQUEST_BODY } from "./http/body-limits.ts";
import type { AppDeps } from "./http/deps.ts";
import type { Logger } from "./log.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import { addSwitchGauges } from "./metrics/switch-gauges.ts";
import { VERSION } from "./version.ts";
import { createXmlCurlSurface, XMLCURL_PATH } from "./xmlcurl/router.ts";
import { sofiaBindNotice } from "./xmlcurl/sofia-bind-notice.ts";
import { startXmlCurlListener } from "./xmlcurl/xmlcurl-listener.ts";

/** Every HTTP surface on one Hono app; tests call it with `app.request()` and no socket. */
export function createHttpApp(appDeps: AppDeps) {
  return createHttpSurfaces(appDeps).app;
}

/** The Hono app, and xml_curl's endpoint that the server hands FreeSWITCH's POSTs to first (startServer). */
function createHttpSurfaces(appDeps: AppDeps) {
  const metrics = appDeps.metrics ?? createMetrics(VERSION, appDeps.now);
  const deps = { ...appDeps, metrics };
  addSwitchGauges(metrics, deps);

  const app = new OpenAPIHono();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  // Ahead of the router's source guard: a stranger's chunked body costs at most the surface's limit.
  app.use("/freeswitch/cdr/*", freeswitchBodyLimit(BODY_LIMITS.cdr, deps.log));
  const xmlcurl = createXmlCurlSurface(deps);
  app.route(XMLCURL_PATH, xmlcurl.router);
  app.route("/freeswitch/cdr", createCdrIngestRouter(deps));
  app.route("/", createApi(deps));
  return { app, xmlcurl };
}

/** `xmlcurlUrl`: the xml_curl listener FreeSWITCH is pointed at (src/xmlcurl/xmlcurl-listener.ts). */
export type RunningServer = { url: string; port: number; xmlcurlUrl: string; stop(): Promise<void> };

/** The HTTP app and the xml_curl listener on their sockets; port 0 picks a free one (tests). */
export function startServer(deps: AppDeps): RunningServer {
  const { app, xmlcurl } = createHttpSurfaces(deps);
  const listener = startXmlCurlListener({ ...deps.config.xmlcurl.listen, answerBody: xmlcurl.answerBody, check: xmlcurl.check, log: deps.log });
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: deps.config.http.host,
      port: deps.config.http.port,
      // Every REGISTER and call waits on this one: Bun routes it to the endpoint without Hono (src/xmlcurl/router.ts).
      routes: { [XMLCURL_PATH]: { POST: (req, srv) => xmlcurl.endpoint(req, srv.requestIP(req)?.address) } },
      fetch: app.fetch,
      // The per-surface limits in createHttpApp answer in each surface's shape; this only stops what they would refuse anyway.
      maxRequestBodySize: MAX_REQUEST_BODY,
      // /api/v1/events drops slow clients itself; Bun's own limit is the backstop.
      websocket: { ...websocket, backpressureLimit: 4 * MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true },
    });
  } catch (err) {
    // The listener holds its port and timer: a caller that retries would meet EADDRINUSE, on the wrong port.
    listener.stop();
    throw err;
  }
  const host = server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname;
  return {
    url: `http://${host}:${server.port}`,
    port: server.port ?? 0,
    xmlcurlUrl: listener.url,
    stop: async () => {
      listener.stop();
      await server.stop(true);
    },
  };
}

export type SystemParts = {
  config: Config;
  log: Logger;
  db: Db;
  secrets: SecretBox;
  /** Default: a client for FreeSWITCH's event socket at config.esl. */
  esl?: EslPort;
  metrics?: Metrics;
  /** Default: Date.now. The clock time conditions are decided by; the real-FreeSWITCH tier sets it. */
  now?: () => number;
};

export type RunningSystem = {
  url: string;
  port: number;
  xmlcurlUrl: string;
  /** What every surface was given: tests read the database and the live state through it. */
  deps: AppDeps;
  live: LiveView;
  stop(): Promise<void>;
};

/** callboard running: what `serve` starts, and `demo` and the tests with their own database or ESL. */
export function startSystem(parts: SystemParts): RunningSystem {
  const { config, log, db, secrets } = parts;
  const esl = parts.esl ?? createEslClient({ ...config.esl, log });
  const metrics = parts.metrics ?? createMetrics(VERSION);
  const live = createLiveStore({ esl, log });
  const deps: AppDeps = { db, config, log, esl, live, secrets, metrics, ...(parts.now ? { now: parts.now } : {}) };
  const stopRecordings = startRecordingTracker({ db, esl, log, recordingsDir: config.recordingsDir, voicemailDir: config.voicemail.messages });
  const stopFeatureCodes = startFeatureCodeListener(deps);
  const stopPhonePins = startVoicemailPinListener({ db, esl, log, domain: config.domain, ...(parts.now ? { now: parts.now } : {}) });
  const server = startServer(deps);
  logSofiaBindings(config, log);
  const replayer = startParkedCdrReplayer(deps);
  return {
    url: server.url,
    port: server.port,
    xmlcurlUrl: server.xmlcurlUrl,
    deps,
    live,
    stop: async () => {
      stopRecordings();
      stopFeatureCodes();
      stopPhonePins();
      await replayer.stop();
      live.stop();
      esl.close();
      await server.stop();
    },
  };
}

/** Where sofia.conf makes FreeSWITCH listen, checked against this host's non-loopback IPv4 addresses. */
function logSofiaBindings(config: Config, log: Logger) {
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
  const notice = sofiaBindNotice(config.sip, addresses);
  log[notice.level](notice.profiles, notice.message);
}
