import { expect, test } from "bun:test";
import { createLogger } from "../log.ts";
import { testApp } from "../../test/support/deps.ts";

function appWithLog(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (s: string) => lines.push(JSON.parse(s)) });
  const app = testApp({ log });
  return { ...app, http: () => lines.filter((l) => l.msg === "http"), raw: lines };
}

test("every REST request leaves one line: method, path, status, microseconds and the token's name, never the token", async () => {
  const { call, admin, http, raw } = appWithLog();
  await call("GET", "/api/v1/extensions?limit=5");
  await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
  await call("GET", "/api/v1/extensions/9999");
  expect(http()).toEqual([
    { level: 30, time: expect.any(Number), msg: "http", method: "GET", path: "/api/v1/extensions", status: 200, us: expect.any(Number), tokenName: "test-admin" },
    { level: 30, time: expect.any(Number), msg: "http", method: "POST", path: "/api/v1/extensions", status: 201, us: expect.any(Number), tokenName: "test-admin" },
    { level: 30, time: expect.any(Number), msg: "http", method: "GET", path: "/api/v1/extensions/9999", status: 404, us: expect.any(Number), tokenName: "test-admin" },
  ]);
  expect(JSON.stringify(raw)).not.toContain(admin);
});

test("a refused token is logged by status, with no name; a token in the query string never reaches the log", async () => {
  const { app, http, raw } = appWithLog();
  await app.request("/api/v1/events?token=cb_guessed_not_valid_at_all", { headers: { upgrade: "websocket" } });
  await app.request("/api/v1/calls", { headers: { authorization: "Bearer cb_another_wrong_one" } });
  expect(http().map((l) => [l.path, l.status, l.tokenName])).toEqual([
    ["/api/v1/events", 401, undefined],
    ["/api/v1/calls", 401, undefined],
  ]);
  expect(JSON.stringify(raw)).not.toContain("cb_guessed_not_valid_at_all");
  expect(JSON.stringify(raw)).not.toContain("cb_another_wrong_one");
});

test("/health and /metrics, polled every few seconds, are logged only at debug", async () => {
  const info = appWithLog("info");
  await info.app.request("/health");
  await info.call("GET", "/metrics");
  expect(info.http()).toEqual([]);
  const debug = appWithLog("debug");
  await debug.app.request("/health");
  expect(debug.http().map((l) => [l.level, l.path, l.status])).toEqual([[20, "/health", 200]]);
});
