import pino, { type Logger } from "pino";

export type { Logger };

/** JSON lines on stdout; tests pass level "silent". */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ["password", "*.password", "token", "*.token", "authorization"], censor: "[redacted]" },
    },
    destination,
  );
}
