import { describe, expect, test } from "bun:test";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { testApp } from "../../../test/support/deps.ts";

/**
 * `redocly lint` in-process (@redocly/openapi-core is its engine), with the
 * strict recommended rules: every warning is an error. Only info-license
 * is off: callboard is private and names no licence.
 */
async function lint(document: unknown) {
  const config = await createConfig({ extends: ["recommended-strict"], rules: { "info-license": "off" } });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: "/api/openapi.json", config });
  return problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? "?"}`);
}

/**
 * What `redocly lint --generate-ignore-file` would put in
 * .redocly.lint-ignore.yaml, each with the reason: two operations whose
 * protocol leaves nothing else to document. Must match exactly, so an
 * exception never outlives its reason.
 */
const IGNORED: Record<string, string> = {
  "operation-4xx-response #/paths/~1health/get/responses": "/health answers every GET with 200: it refuses nothing",
  "operation-2xx-response #/paths/~1api~1v1~1events/get/responses": "a WebSocket upgrade succeeds with 101, never a 2xx",
};

const { call } = testApp();
const document = (await (await call("GET", "/api/openapi.json")).json()) as {
  servers: unknown[];
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
};
const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe("the OpenAPI document a client generator reads", () => {
  test("passes redocly's recommended-strict rules with no problem beyond the two the protocol dictates", async () => {
    expect((await lint(document)).sort()).toEqual(Object.keys(IGNORED).sort());
  });

  test("names every operation once, so generated clients get stable method names", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("documents the refusals of every token-guarded operation", () => {
    const guarded = operations.filter((o) => o.path !== "/health");
    const missing = guarded.filter((o) => !o.op.responses["401"] || !o.op.responses["429"]).map((o) => `${o.method} ${o.path}`);
    expect(missing).toEqual([]);
  });

  test("documents /health, /metrics and the events WebSocket, and says where the API is", () => {
    expect(document.paths["/health"]?.get?.operationId).toBe("getHealth");
    expect(document.paths["/metrics"]?.get?.operationId).toBe("getMetrics");
    expect(document.paths["/api/v1/events"]?.get?.responses["101"]).toBeDefined();
    expect(document.servers).toEqual([{ url: "/", description: expect.any(String) }]);
  });

  test("emits display-name patterns a client can use: no /u suffix, and Cyrillic and Uzbek names pass", () => {
    const patterns = JSON.stringify(document).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(10);
    for (const p of patterns) expect(p).not.toMatch(/\$\/[a-z]+"$/);
    const displayName = JSON.parse(`{${patterns.find((p) => p.includes("\\\\p{L}"))}}`).pattern as string;
    const re = new RegExp(displayName, "u");
    expect(["Operator 1", "Оператор Иванова", "Oʻktam Qodirov", "Sales (night)"].every((n) => re.test(n))).toBe(true);
    expect(re.test("Qo'ng'iroq")).toBe(false);
  });
});
