import { loadConfig } from "../config.ts";
import { createToken } from "../db/tokens.ts";
import { dbFile, openDb } from "../db/client.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "create an API token: token create --name NAME --role admin|viewer",
  help: `usage: callboard token create --name NAME --role admin|viewer

Creates a bearer token for the REST API and prints it alone on the last line.
It is stored hashed: keep it, it cannot be shown again.`,
  run: runToken,
};

async function runToken(args: string[]) {
  const help = command.help;
  const { values, positionals } = parseFlags(args, { name: { type: "string" }, role: { type: "string" } }, help);
  if (positionals[0] !== "create") throw new UsageError(help);
  const name = values.name;
  if (!name || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new UsageError("--name: 1-64 of A-Z a-z 0-9 _ . -");
  if (values.role !== "admin" && values.role !== "viewer") throw new UsageError("--role: admin or viewer");
  const db = openDb(dbFile(loadConfig().dataDir));
  let token: string;
  try {
    token = createToken(db, name, values.role);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw new UsageError(`--name: a token named "${name}" already exists`);
    throw err;
  }
  console.log(`token "${name}" (${values.role}) created; it is shown only now:`);
  console.log(token);
}
