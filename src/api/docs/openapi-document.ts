/**
 * GET /api/openapi.json: the OpenAPI 3.1 document generated from the
 * routes' zod schemas, built once (on first request, after every route is
 * registered) and linted in the tests (openapi-lint.test.ts).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";

export const OPENAPI_PATH = "/api/openapi.json";

const TAGS = [
  { name: "extensions", description: "Phones' SIP accounts" },
  { name: "gateways", description: "Provider trunks (sofia gateways)" },
  { name: "dids", description: "The company's numbers and where they ring" },
  { name: "outbound-routes", description: "Which dialled numbers leave through which gateway" },
  { name: "live", description: "Channels, calls, registrations and call control, from FreeSWITCH's event socket" },
  { name: "cdrs", description: "Call detail records, one per leg" },
  { name: "recordings", description: "Recorded calls and their audio" },
  { name: "auth", description: "The presented token" },
  { name: "operations", description: "Health and metrics, for load balancers and Prometheus" },
];

/**
 * zod-to-openapi writes a RegExp with flags as `^…$/u` (RegExp#toString
 * with the leading slash cut): a pattern that matches nothing, so a
 * generated client would refuse every display name. A pattern ending in
 * `$/<flags>` can only be that (nothing follows the end of input), so the
 * suffix goes. JSON Schema patterns are Unicode-aware anyway.
 */
export function withPlainPatterns<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withPlainPatterns) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "pattern" && typeof value === "string" ? value.replace(/\$\/[dgimsuvy]+$/, "$") : withPlainPatterns(value);
  }
  return out as T;
}

export function addOpenApiDocument(app: OpenAPIHono, version: string) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A token from `callboard token create --name NAME --role admin|viewer`; viewer tokens may only read.",
  });
  let document: unknown;
  app.get(OPENAPI_PATH, (c) => {
    document ??= withPlainPatterns(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "callboard",
          version,
          description:
            "Control plane of a FreeSWITCH PBX: extensions, gateways, DIDs, outbound routes, live calls, CDRs and recordings. Every route but /health needs a bearer token.",
        },
        // Relative: the API is wherever this document was fetched from, behind a proxy too.
        servers: [{ url: "/", description: "the callboard that served this document" }],
        tags: TAGS,
        security: [{ bearer: [] }],
      }),
    );
    return c.json(document);
  });
}
