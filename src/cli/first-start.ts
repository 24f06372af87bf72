import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { localTokenFile } from "../config.ts";
import type { Db } from "../db/client.ts";
import { createToken, hasTokens } from "../db/tokens.ts";

/**
 * On an empty data dir: an admin token for the operator, returned to be printed
 * once, and a second admin token kept 0600 in the data dir so `callboard top`
 * on the same box needs no flags (as fs_cli reads the ESL password locally).
 */
export function ensureFirstStartTokens(db: Db, dataDir: string): { adminToken?: string } {
  const result: { adminToken?: string } = {};
  if (!hasTokens(db)) result.adminToken = createToken(db, "admin", "admin");
  const file = localTokenFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const name = `local-${Date.now().toString(36)}`;
    writeFileSync(file, `${createToken(db, name, "admin")}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return result;
}
