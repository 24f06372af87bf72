import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";

/** Polled every few seconds by load balancers and Prometheus: at info they would drown the log. */
const POLLED = new Set(["/health", "/metrics"]);

/**
 * One line per HTTP request, after the answer: method, path, status,
 * microseconds and the token's name. Never the token, and never the query
 * string, which is where a browser's WebSocket carries it. Not mounted on
 * /freeswitch/*: xml_curl and CDR ingest log their own richer lines.
 */
export function accessLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const line = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      us: Math.round((performance.now() - started) * 1000),
      tokenName: c.get("auth")?.tokenName,
    };
    if (POLLED.has(line.path)) log.debug(line, "http");
    else log.info(line, "http");
  };
}
