/**
 * GET /api/docs: Swagger UI from the pinned swagger-ui-dist package, served
 * by callboard itself, so the page works on a PBX with no internet. The
 * files are imported `with { type: "file" }`, which embeds them in the
 * compiled binary too. A Content-Security-Policy of 'self' keeps the page
 * from reaching anything but this server, even if a future Swagger UI
 * tried. The page holds no data: /api/openapi.json and every call it makes
 * need a token, which it keeps in sessionStorage only.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import bundlePath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import cssPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };
import { notFound } from "../errors.ts";
import { SWAGGER_INIT_SCRIPT } from "./swagger-init.ts";

export const DOCS_PATH = "/api/docs";
/** The version in the path lets browsers keep the files for good: a new version is a new URL. */
const ASSETS = `${DOCS_PATH}/assets/${swaggerUiPackage.version}`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes and ships its icons as data: SVGs.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callboard API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script src="${ASSETS}/callboard-init.js"></script>
</body>
</html>
`;

type Bytes = Uint8Array<ArrayBuffer>;
type Asset = { type: string; bytes: () => Promise<Bytes> };
const fromFile = (path: string, type: string): Asset => ({ type, bytes: async () => new Uint8Array(await Bun.file(path).arrayBuffer()) });
const ASSET_FILES: Record<string, Asset> = {
  "swagger-ui-bundle.js": fromFile(bundlePath, "text/javascript; charset=utf-8"),
  "swagger-ui.css": fromFile(cssPath, "text/css; charset=utf-8"),
  "callboard-init.js": { type: "text/javascript; charset=utf-8", bytes: async () => new TextEncoder().encode(SWAGGER_INIT_SCRIPT) },
};

export function addDocsPage(app: OpenAPIHono) {
  // The bundle is 1.7 MB; gzipped once on first use, it is a quarter of that for every later browser.
  const gzipped = new Map<string, Bytes>();

  app.get(DOCS_PATH, (c) => c.html(PAGE, 200, { "Content-Security-Policy": CSP, "Cache-Control": "no-cache" }));

  app.get(`${ASSETS}/:file`, async (c) => {
    const name = c.req.param("file");
    const asset = ASSET_FILES[name];
    if (!asset) throw notFound("docs asset", name);
    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      Vary: "Accept-Encoding",
    };
    if (!/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) return c.body(await asset.bytes(), 200, headers);
    let body = gzipped.get(name);
    if (!body) gzipped.set(name, (body = Bun.gzipSync(await asset.bytes()) as Bytes));
    return c.body(body, 200, { ...headers, "Content-Encoding": "gzip" });
  });
}
