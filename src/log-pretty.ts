/**
 * CALLBOARD_LOG_FORMAT=pretty: pino's JSON lines turned into one readable
 * line each (`14:02:07.113 INFO  http method=GET path=/api/v1/calls …`),
 * after redaction, since pino redacts before it writes. Written here
 * rather than with pino-pretty: a dozen lines instead of a dozen packages,
 * and no worker thread in the compiled binary.
 */
type Sink = { write(text: string): unknown };

const LEVELS: Record<number, [string, string]> = {
  10: ["TRACE", "\x1b[90m"],
  20: ["DEBUG", "\x1b[36m"],
  30: ["INFO ", "\x1b[32m"],
  40: ["WARN ", "\x1b[33m"],
  50: ["ERROR", "\x1b[31m"],
  60: ["FATAL", "\x1b[35m"],
};

const clock = (ms: number) => {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
};

/** Bare when it reads unambiguously, JSON-quoted when it holds a space, quote or = (or is not a string). */
const show = (value: unknown) => (typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));

export function formatPretty(line: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const { level, time, msg, err, ...fields } = entry;
  const [name, tint] = LEVELS[level as number] ?? [String(level), ""];
  const head = `${clock(typeof time === "number" ? time : Date.now())} ${color ? `${tint}${name}\x1b[0m` : name} ${msg ?? ""}`;
  const rest = Object.entries(fields).map(([k, v]) => ` ${k}=${show(v)}`).join("");
  const stack = (err as { stack?: string } | undefined)?.stack;
  return `${head}${rest}${stack ? `\n    ${stack.split("\n").join("\n    ")}` : ""}\n`;
}

export const prettyLines = (out: Sink, options: { color: boolean }) => ({
  write: (text: string) => out.write(formatPretty(text.trimEnd(), options.color)),
});
