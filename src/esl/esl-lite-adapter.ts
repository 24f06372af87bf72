import type { Logger } from "../log.ts";
import type { EslPort } from "./port.ts";

export type EslLiteOptions = { host: string; port: number; password: string; log: Logger };

export function createEslLiteAdapter(_options: EslLiteOptions): EslPort {
  const down = async () => ({ ok: false as const, kind: "disconnected" as const, message: "ESL adapter not wired yet" });
  return {
    api: down,
    bgapi: down,
    onEvent: () => () => {},
    onStatus: () => () => {},
    status: () => "disconnected",
    close: () => {},
  };
}
