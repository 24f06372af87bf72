import { dirname, resolve } from "node:path";
import { loadConfig } from "../config.ts";
import { resolveTopTarget } from "../tui/top-target.ts";
import type { CliIo } from "./cli-io.ts";
import { readLocalSecrets } from "./local-secrets.ts";
import { parseConfigText } from "./parse-text.ts";

/** Ends a command with a message and exit code 1; plan keeps 2 for "changes". */
export class CommandFailed extends Error {}

export type ConfigTarget = { url: string; token: string };
export type ApiAnswer = { status: number; body: any };

/** The server callboard runs on this box (as `callboard top` finds it), unless --url/--token say otherwise. */
export function configTarget(flags: { url?: string; token?: string }, io: CliIo): ConfigTarget {
  try {
    return resolveTopTarget(flags, () => loadConfig(io.env), io.readText);
  } catch (err) {
    throw new CommandFailed((err as Error).message);
  }
}

export async function callConfigApi(io: CliIo, target: ConfigTarget, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await io.fetch(`${target.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new CommandFailed(`cannot reach callboard at ${target.url} (${(err as Error).message}): is \`callboard serve\` running?`);
  }
  const text = await res.text();
  const isJson = res.headers.get("content-type")?.includes("json");
  return { status: res.status, body: isJson ? JSON.parse(text) : text };
}

/** Any answer but the expected ones, as one line. */
export function unexpected(answer: ApiAnswer): CommandFailed {
  const message = typeof answer.body === "object" ? answer.body?.error?.message : String(answer.body).trim();
  return new CommandFailed(`callboard answered ${answer.status}: ${message || "no details"}`);
}

export type FileRequest = { label: string; body: { config: string; secrets: ReturnType<typeof readLocalSecrets> } };

const isLoopback = (url: string) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

/** The file's text and the secrets it refers to, read here; `-` is standard input. */
export async function readFileRequest(file: string | undefined, io: CliIo, target: ConfigTarget): Promise<FileRequest> {
  if (!file) throw new CommandFailed("-f FILE is required (- for standard input)");
  let text: string;
  try {
    text = file === "-" ? await io.readStdin() : io.readText(resolve(io.cwd, file));
  } catch (err) {
    throw new CommandFailed(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = parseConfigText(text);
  const baseDir = file === "-" ? io.cwd : dirname(resolve(io.cwd, file));
  const secrets = readLocalSecrets(parsed.ok ? parsed.value : undefined, baseDir, io.env, io.readText);
  const sendsSecrets = Object.keys(secrets.env).length + Object.keys(secrets.file).length > 0;
  if (sendsSecrets && target.url.startsWith("http:") && !isLoopback(target.url)) {
    io.err(`warning: sending the file's provider passwords to ${target.url} over plain http\n`);
  }
  return { label: file === "-" ? "standard input" : file, body: { config: text, secrets } };
}
