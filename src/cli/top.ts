import { readFileSync } from "node:fs";
import { loadConfig } from "../config.ts";
import { resolveTopTarget, TopTargetError } from "../tui/top-target.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "live terminal dashboard of channels, calls, registrations and gateways",
  help: `usage: callboard top [--url http://127.0.0.1:8080] [--token TOKEN] [--readonly]

A live dashboard over the REST API and the /api/v1/events stream. On the PBX box it needs no
flags: the URL comes from CALLBOARD_HTTP_HOST/CALLBOARD_HTTP_PORT and the token from
CALLBOARD_DATA_DIR/local.token, written by \`callboard serve\` on first start.
--readonly turns off hang-up, record, transfer and listen (a viewer token does the same).
Press ? inside for the keys.`,
  run: runTop,
};

async function runTop(args: string[]) {
  const help = command.help;
  const { values } = parseFlags(args, { url: { type: "string" }, token: { type: "string" }, readonly: { type: "boolean" } }, help);
  let target;
  try {
    target = resolveTopTarget(values, () => loadConfig(), (path) => readFileSync(path, "utf8"));
  } catch (err) {
    if (err instanceof TopTargetError) throw new UsageError(err.message);
    throw err;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError("needs a terminal (run it in a shell, over ssh -t, or in tmux)");
  const { runDashboard } = await import("../tui/run-dashboard.tsx");
  await runDashboard({ ...target, readonly: values.readonly });
  process.exit(0);
}
