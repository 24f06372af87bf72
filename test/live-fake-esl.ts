import type { EslCommandOptions, EslConnectionStatus, EslEvent, EslPort, EslResult } from "../src/esl/port.ts";

export type SentCommand = { kind: "api" | "bgapi"; command: string; timeout?: number };
type Answer = EslResult | ((command: string) => EslResult | Promise<EslResult>);

/**
 * An EslPort that records every command and answers from a table (exact
 * command, then the first word), so tests assert the exact strings sent.
 */
export function fakeEsl(answers: Record<string, Answer> = {}, initial: EslConnectionStatus = "connected") {
  const sent: SentCommand[] = [];
  const eventListeners = new Set<(e: EslEvent) => void>();
  const statusListeners = new Set<(s: EslConnectionStatus) => void>();
  let status = initial;
  const answer = async (kind: "api" | "bgapi", command: string, options?: EslCommandOptions): Promise<EslResult> => {
    sent.push({ kind, command, ...(options?.timeout !== undefined ? { timeout: options.timeout } : {}) });
    if (status !== "connected") return { ok: false, kind: "disconnected", message: "not connected" };
    const a = answers[command] ?? answers[command.split(" ")[0] ?? ""] ?? { ok: true, value: "+OK\n" };
    return typeof a === "function" ? a(command) : a;
  };
  const port: EslPort = {
    api: (cmd, o) => answer("api", cmd, o),
    bgapi: (cmd, o) => answer("bgapi", cmd, o),
    onEvent: (l) => (eventListeners.add(l), () => eventListeners.delete(l)),
    onStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)),
    status: () => status,
    close: () => {},
  };
  return {
    port,
    sent,
    answers,
    emit: (e: EslEvent) => eventListeners.forEach((l) => l(e)),
    setStatus: (s: EslConnectionStatus) => {
      status = s;
      statusListeners.forEach((l) => l(s));
    },
  };
}

export const ok = (value: string): EslResult => ({ ok: true, value });
export const err = (message: string): EslResult => ({ ok: false, kind: "error", message });
