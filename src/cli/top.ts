import { readFileSync } from "node:fs";
import { loadConfig } from "../config.ts";
import { resolveTopTarget, TopTargetError } from "../tui/top-target.ts";
import { commands } from "./commands.ts";
import { parseFlags, UsageError } from "./usage.ts";

export async function runTop(args: string[]) {
  const help = commands.top!.help;
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
