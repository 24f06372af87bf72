#!/usr/bin/env bun
import { ConfigError } from "./config.ts";
import { loadCommand, printUsage } from "./cli/commands.ts";
import { UsageError } from "./cli/usage.ts";
import { VERSION } from "./version.ts";

const [name = "serve", ...rest] = process.argv.slice(2);
if (name === "--help" || name === "-h" || name === "help") {
  await printUsage();
  process.exit(0);
}
if (name === "--version" || name === "-v" || name === "version") {
  console.log(`callboard ${VERSION}`);
  process.exit(0);
}
const command = await loadCommand(name);
if (!command) {
  console.error(`callboard: unknown command "${name}"\n`);
  await printUsage();
  process.exit(2);
}
try {
  await command.run(rest);
} catch (err) {
  if (err instanceof ConfigError || err instanceof UsageError) {
    console.error(`callboard ${name}: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
