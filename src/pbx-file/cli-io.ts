import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";

/** What the plan/apply/export commands touch outside themselves; tests pass their own. */
export type CliIo = {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  env: Record<string, string | undefined>;
  cwd: string;
  readText(path: string): string;
  readStdin(): Promise<string>;
  writeText(path: string, text: string): void;
  out(text: string): void;
  err(text: string): void;
  /** Undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
};

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim() === "yes";
  } finally {
    rl.close();
  }
}

export function processIo(): CliIo {
  return {
    fetch: (url, init) => fetch(url, init),
    env: process.env,
    cwd: process.cwd(),
    readText: (path) => readFileSync(path, "utf8"),
    readStdin: () => new Response(Bun.stdin.stream()).text(),
    writeText: (path, text) => writeFileSync(path, text),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    confirm: process.stdin.isTTY && process.stdout.isTTY ? askOnTerminal : undefined,
  };
}
