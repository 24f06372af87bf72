import type { MiddlewareHandler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { sourceAddress } from "../api/auth/source-address.ts";
import { errorResponses } from "../api/crud-support.ts";
import type { Logger } from "../log.ts";
import { addressRules } from "../http/source-guard.ts";
import type { Metrics } from "./metrics.ts";

export const METRICS_PATH = "/metrics";

/**
 * GET /metrics. A scraper on an address in CALLBOARD_METRICS_ALLOW (default
 * loopback) needs nothing more; any other client needs a bearer token of
 * either role, checked (and rate-limited) by the same middleware as /api/v1.
 */
export function addMetricsRoute(app: OpenAPIHono, options: { metrics: Metrics; allow: string[]; auth: MiddlewareHandler; log: Logger }) {
  const rules = addressRules(options.allow);
  for (const entry of rules.invalid) options.log.error({ entry }, "CALLBOARD_METRICS_ALLOW entry is not an address or network; ignored");
  const guard: MiddlewareHandler = (c, next) => (rules.allows(sourceAddress(c)) ? next() : options.auth(c, next));

  app.get(METRICS_PATH, guard, async (c) => {
    const text = await options.metrics.render();
    return c.body(text, 200, { "Content-Type": options.metrics.contentType, "Cache-Control": "no-store" });
  });

  app.openAPIRegistry.registerPath({
    method: "get",
    path: METRICS_PATH,
    operationId: "getMetrics",
    tags: ["operations"],
    summary: "Prometheus metrics (text exposition format)",
    description:
      "Open to the addresses in CALLBOARD_METRICS_ALLOW (default 127.0.0.1 and ::1); from anywhere else a bearer token of either role. The metrics are listed in docs/operations.md.",
    security: [{}, { bearer: [] }],
    responses: {
      200: {
        description: "the metrics",
        content: {
          "text/plain": {
            schema: { type: "string" },
            example: '# HELP callboard_channels Live channels (call legs)\n# TYPE callboard_channels gauge\ncallboard_channels 4\n',
          },
        },
      },
      401: errorResponses[401],
      429: errorResponses[429],
    },
  });
}
