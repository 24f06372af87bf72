import { websocket } from "hono/bun";
import { createApp } from "../api/app.ts";
import type { AppDeps } from "../api/deps.ts";
import { MAX_BUFFERED_BYTES } from "../api/events-ws.ts";

export type RunningServer = { url: string; port: number; stop(): Promise<void> };

/** Binds the app to a socket; port 0 picks a free one (tests). */
export function startServer(deps: AppDeps): RunningServer {
  const app = createApp(deps);
  const server = Bun.serve({
    hostname: deps.config.http.host,
    port: deps.config.http.port,
    fetch: app.fetch,
    // /api/v1/events drops slow clients itself; Bun's own limit is the backstop.
    websocket: { ...websocket, backpressureLimit: 4 * MAX_BUFFERED_BYTES, closeOnBackpressureLimit: true },
  });
  const host = server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname;
  return {
    url: `http://${host}:${server.port}`,
    port: server.port ?? 0,
    stop: async () => {
      await server.stop(true);
    },
  };
}
