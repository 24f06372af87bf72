import { describe, expect, test } from "bun:test";
import { gunzipSync } from "node:zlib";
import pkg from "../../../package.json" with { type: "json" };
import { testApp } from "../../../test/support/deps.ts";

const { app } = testApp();
const page = await app.request("/api/docs");
const html = await page.text();
const assetUrls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith("data:"));

describe("/api/docs on a PBX with no internet", () => {
  test("the page loads Swagger UI from callboard itself, never from a CDN", () => {
    expect(page.status).toBe(200);
    expect(assetUrls.map((u) => u.replace(/\/assets\/[^/]+\//, "/assets/V/"))).toEqual([
      "/api/docs/assets/V/swagger-ui.css",
      "/api/docs/assets/V/swagger-ui-bundle.js",
      "/api/docs/assets/V/callboard-init.js",
    ]);
    expect(html).not.toMatch(/https?:\/\//);
  });

  test("the browser is told to fetch nothing from anywhere else and to run no inline script", () => {
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(html).not.toMatch(/<script>/);
  });

  test("every file the page names is served, with its type, for a year (the version is in the path)", async () => {
    for (const url of assetUrls) {
      const res = await app.request(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(url.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(url.endsWith("init.js") ? 200 : 100_000);
    }
  });

  test("the bundle is swagger-ui-dist's, pinned to one version, and gzipped for browsers that ask", async () => {
    const pinned = pkg.dependencies["swagger-ui-dist"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const bundleUrl = assetUrls.find((u) => u.endsWith("swagger-ui-bundle.js"))!;
    expect(bundleUrl).toContain(`/assets/${pinned}/`);
    const plain = new Uint8Array(await (await app.request(bundleUrl)).arrayBuffer());
    const zipped = await app.request(bundleUrl, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    const body = new Uint8Array(await zipped.arrayBuffer());
    expect(body.length).toBeLessThan(plain.length / 2);
    expect(Buffer.from(gunzipSync(body)).equals(Buffer.from(plain))).toBe(true);
    expect(new TextDecoder().decode(plain.subarray(0, 4000))).toContain("SwaggerUIBundle");
  });

  test("an unknown docs file is a JSON 404, not a file from elsewhere on disk", async () => {
    for (const name of ["index.html", "..%2F..%2Fpackage.json", "swagger-ui-bundle.js.map"]) {
      const res = await app.request(`/api/docs/assets/${pkg.dependencies["swagger-ui-dist"]}/${name}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });
});
