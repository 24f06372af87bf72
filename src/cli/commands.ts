import type { Command } from "./usage.ts";

/**
 * Every command by name, each loaded only when it runs: `serve` never pays
 * for Ink and `top` never opens the database. A module exports its own
 * `command` (summary, help, run) and never imports this registry back.
 */
const modules: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import("./serve.ts"),
  migrate: () => import("./migrate.ts"),
  token: () => import("./token.ts"),
  doctor: () => import("./doctor.ts"),
  top: () => import("./top.ts"),
  demo: () => import("./demo.ts"),
  export: () => import("./export.ts"),
  plan: () => import("./plan.ts"),
  apply: () => import("./apply.ts"),
  schema: () => import("./schema.ts"),
};

export const commandNames = Object.keys(modules);

export async function loadCommand(name: string): Promise<Command | undefined> {
  const load = Object.hasOwn(modules, name) ? modules[name] : undefined;
  return load && (await load()).command;
}

/** Loads every command for its summary: only for `--help` and a mistyped name. */
export async function printUsage() {
  const summaries = await Promise.all(commandNames.map(async (name) => [name, (await loadCommand(name))!.summary] as const));
  const width = Math.max(...commandNames.map((k) => k.length));
  const lines = summaries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  console.log(`usage: callboard <command> [--help]   (callboard --version prints the version)\n\ncommands:\n${lines.join("\n")}`);
}
