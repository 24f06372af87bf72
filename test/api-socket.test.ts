import { afterAll, expect, test } from "bun:test";
import { MAX_AUTH_FAILURES_PER_MINUTE } from "../src/api/auth/bearer.ts";
import { createToken } from "../src/db/tokens.ts";
import { startServer } from "../src/system.ts";
import { Writable } from "node:stream";
import { createLogger } from "../src/log.ts";
import { testDeps } from "./support/deps.ts";

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});
const deps = testDeps({ log: createLogger("warn", sink) });
const server = startServer(deps);
const admin = createToken(deps.db, "socket-admin", "admin");
afterAll(() => server.stop());

const api = (method: string, path: string, body?: unknown, token = admin) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

test("over a real socket: an admin creates extension 1001 and reads it back; the password is shown once", async () => {
  const created = await api("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
  expect(created.status).toBe(201);
  const { password } = (await created.json()) as { password: string };
  expect(password).toHaveLength(16);
  const listed = await api("GET", "/api/v1/extensions");
  expect(listed.status).toBe(200);
  const text = await listed.text();
  expect(text).toContain('"number":"1001"');
  expect(text).not.toContain(password);
});

test("over a real socket: failed logins from the peer address are limited to 429", async () => {
  let last = 0;
  for (let i = 0; i <= MAX_AUTH_FAILURES_PER_MINUTE; i++) last = (await api("GET", "/api/v1/dids", undefined, "cb_wrong")).status;
  expect(last).toBe(429);
  // Keyed by the TCP peer Bun reports, not by a header a client could forge.
  expect(logLines.some((l) => JSON.parse(l).address === "127.0.0.1")).toBe(true);
  // /health is outside /api/v1 and stays reachable for monitoring.
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
});
