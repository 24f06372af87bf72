import { loadConfig, type Config } from "../../src/config.ts";
import type { AppDeps } from "../../src/http/deps.ts";
import { createHttpApp } from "../../src/system.ts";
import { createToken } from "../../src/db/tokens.ts";
import { openDb } from "../../src/db/client.ts";
import { createSecretBox } from "../../src/db/secret-box.ts";
import type { LiveSnapshot, LiveView } from "../../src/esl/live-types.ts";
import type { EslPort } from "../../src/esl/port.ts";
import { createLogger } from "../../src/log.ts";

export const TEST_DOMAIN = "call.example.uz";

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    CALLBOARD_DATA_DIR: "/tmp/callboard-test-unused",
    CALLBOARD_DOMAIN: TEST_DOMAIN,
    CALLBOARD_HTTP_PORT: "0",
    CALLBOARD_XMLCURL_PORT: "0",
    CALLBOARD_LOG_LEVEL: "silent",
    // Never the machine's real FreeSWITCH spool: a test's throwaway database would swallow its CDRs.
    CALLBOARD_CDR_SPOOL_DIR: "/nonexistent/callboard-test-cdr-spool",
    ...env,
  });
}

/** An ESL port for tests that do not talk to FreeSWITCH: every command says "disconnected". */
export function offlineEsl(): EslPort {
  const down = async () => ({ ok: false as const, kind: "disconnected" as const, message: "not connected" });
  return { api: down, bgapi: down, onEvent: () => () => {}, onStatus: () => () => {}, status: () => "disconnected", close() {} };
}

export function emptyLive(): LiveView {
  const snap: LiveSnapshot = { seq: 0, channels: [], calls: [], registrations: [], gateways: [], queueCallers: [], queueAgents: [], status: { esl: "disconnected" } };
  return { snapshot: () => snap, subscribe: () => () => {} };
}

/** In-memory database, silent log, fixed key; override what a test needs. */
export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    db: openDb(":memory:"),
    config: testConfig(),
    log: createLogger("silent"),
    esl: offlineEsl(),
    live: emptyLive(),
    secrets: createSecretBox(Buffer.alloc(32, 1)),
    ...overrides,
  };
}

/** An app with an admin and a viewer token ready to use. */
export function testApp(overrides: Partial<AppDeps> = {}) {
  const deps = testDeps(overrides);
  const app = createHttpApp(deps);
  const admin = createToken(deps.db, "test-admin", "admin");
  const viewer = createToken(deps.db, "test-viewer", "viewer");
  const call = (method: string, path: string, body?: unknown, token: string | null = admin) =>
    app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { app, deps, admin, viewer, call };
}
