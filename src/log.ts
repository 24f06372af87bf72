import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";
import { prettyLines } from "./log-pretty.ts";

export type { Logger };
export type LogFormat = "pretty" | "json";

/** JSON lines on stdout, or the same lines made readable; tests pass level "silent". */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = "json"): Logger {
  const pretty = format === "pretty" ? prettyLines(destination ?? process.stdout, { color: !destination && process.stdout.isTTY === true }) : undefined;
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ["password", "*.password", "token", "*.token", "authorization"], censor: "[redacted]" },
    },
    pretty ?? destination,
  );
}

/** The service's logger: CALLBOARD_LOG_FORMAT, else pretty for a person at a terminal and JSON for journald, docker or a pipe. */
export const serviceLogger = (config: Pick<Config, "logLevel" | "logFormat">) =>
  createLogger(config.logLevel, undefined, config.logFormat ?? (process.stdout.isTTY ? "pretty" : "json"));
