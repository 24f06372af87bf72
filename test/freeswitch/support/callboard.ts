/**
 * callboard as `serve` runs it (startServices: live store, recording tracker,
 * HTTP on a real socket), on a file database in a temp data dir so a test can
 * stop it and start it again on the same data, as an admin restarting the
 * service would.
 */
import { createToken } from "../../../src/api/auth/tokens.ts";
import { startServices, type Services } from "../../../src/cli/start-services.ts";
import { loadConfig, type Config } from "../../../src/config.ts";
import { dbFile, openDb, type Db } from "../../../src/db/client.ts";
import { createSecretBox } from "../../../src/db/secret-box.ts";
import { createEslClient } from "../../../src/esl/esl-client.ts";
import { createLogger } from "../../../src/log.ts";

export type RunningCallboard = {
  config: Config;
  db: Db;
  services: Services;
  url: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
};

export async function startCallboard(env: Record<string, string>, token?: string): Promise<RunningCallboard & { token: string }> {
  const config = loadConfig({ CALLBOARD_LOG_LEVEL: process.env.CALLBOARD_TEST_VERBOSE ? "info" : "warn", ...env });
  const log = createLogger(config.logLevel);
  const db = openDb(dbFile(config.dataDir));
  const secrets = createSecretBox(Buffer.alloc(32, 7));
  const esl = createEslClient({ ...config.esl, log });
  const services = startServices({ db, config, log, esl, secrets });
  const admin = token ?? createToken(db, `tier-${Date.now()}`, "admin");
  const url = services.server.url;
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return { config, db, services, url, token: admin, api, stop: () => services.stop() };
}
