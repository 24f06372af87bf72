/**
 * callboard as `serve` runs it (startSystem: live store, recording tracker,
 * parked-CDR replay, HTTP on a real socket), on a file database in a temp data dir so a test can
 * stop it and start it again on the same data, as an admin restarting the
 * service would.
 */
import { createToken } from "../../../src/db/tokens.ts";
import { loadConfig, type Config } from "../../../src/config.ts";
import { dbFile, openDb, type Db } from "../../../src/db/client.ts";
import { createSecretBox } from "../../../src/db/secret-box.ts";
import { createLogger } from "../../../src/log.ts";
import { startSystem, type RunningSystem } from "../../../src/system.ts";

export type RunningCallboard = {
  config: Config;
  db: Db;
  system: RunningSystem;
  url: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
};

/** `now`: callboard's clock (default Date.now), so a test can ask for a call at 23:00 without waiting for it. */
export async function startCallboard(env: Record<string, string>, token?: string, now?: () => number): Promise<RunningCallboard & { token: string }> {
  const config = loadConfig({ CALLBOARD_LOG_LEVEL: process.env.CALLBOARD_TEST_VERBOSE ? "info" : "warn", ...env });
  const log = createLogger(config.logLevel);
  const db = openDb(dbFile(config.dataDir));
  const secrets = createSecretBox(Buffer.alloc(32, 7));
  const system = startSystem({ db, config, log, secrets, ...(now ? { now } : {}) });
  const admin = token ?? createToken(db, `tier-${Date.now()}`, "admin");
  const url = system.url;
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return { config, db, system, url, token: admin, api, stop: () => system.stop() };
}
