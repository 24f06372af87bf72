import { networkInterfaces } from "node:os";
import { websocket } from "hono/bun";
import { createApp } from "../api/app.ts";
import { MAX_REQUEST_BODY } from "../api/body-limits.ts";
import type { AppDeps } from "../api/deps.ts";
import { MAX_BUFFERED_BYTES } from "../api/events-ws.ts";
import { sofiaBindNotice } from "../xmlcurl/sofia-bind-notice.ts";

export type RunningServer = { url: string; port: number; stop(): Promise<void> };

/** Binds the app to a socket; port 0 picks a free one (tests). */
export function startServer(deps: AppDeps): RunningServer {
  const app = createApp(deps);
  const server = Bun.serve({
    hostname: deps.config.http.host,
    port: deps.config.http.port,
    fetch: app.fetch,
    // The per-surface limits in createApp answer in each surface's shape; this only stops what they would refuse anyway.
    maxRequestBodySize: MAX_REQUEST_BODY,
    // /api/v1/events drops slow clients itself; Bun's own limit is the backstop.
    websocket: { ...websocket, backpressureLimit: 4 * MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true },
  });
  logBindAddresses(deps);
  const host = server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname;
  return {
    url: `http://${host}:${server.port}`,
    port: server.port ?? 0,
    stop: async () => {
      await server.stop(true);
    },
  };
}

/** Addresses phones or providers could reach FreeSWITCH on: the host's non-loopback IPv4 ones. */
function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}

function logBindAddresses(deps: AppDeps) {
  const notice = sofiaBindNotice(deps.config.sip, hostAddresses());
  deps.log[notice.level](notice.profiles, notice.message);
}
