import { loadConfig } from "../config.ts";
import { dbFile, openDb } from "../db/client.ts";
import { commands } from "./commands.ts";
import { parseFlags } from "./usage.ts";

export async function runMigrate(args: string[]) {
  parseFlags(args, {}, commands.migrate!.help);
  const config = loadConfig();
  openDb(dbFile(config.dataDir));
  console.log(`database ready: ${dbFile(config.dataDir)}`);
}
