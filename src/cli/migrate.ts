import { loadConfig } from "../config.ts";
import { dbFile, openDb } from "../db/client.ts";
import { type Command, parseFlags } from "./usage.ts";

export const command: Command = {
  summary: "create or upgrade the database, then exit",
  help: `usage: callboard migrate

Applies the committed migrations to CALLBOARD_DATA_DIR/callboard.sqlite and exits.`,
  run: runMigrate,
};

async function runMigrate(args: string[]) {
  parseFlags(args, {}, command.help);
  const config = loadConfig();
  openDb(dbFile(config.dataDir));
  console.log(`database ready: ${dbFile(config.dataDir)}`);
}
