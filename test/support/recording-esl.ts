import type { EslConnectionStatus, EslPort, EslResult } from "../../src/esl/port.ts";

/** An event socket that records every api command and answers as `reply` says; its status is the test's to set. */
export function recordingEsl(reply: (command: string) => EslResult = () => ({ ok: true, value: "+OK cleared 1 entry\n" })) {
  const commands: string[] = [];
  const listeners = new Set<(s: EslConnectionStatus) => void>();
  let status: EslConnectionStatus = "connected";
  const esl: EslPort = {
    api: async (command) => (commands.push(command), reply(command)),
    bgapi: async () => ({ ok: true, value: "" }),
    onEvent: () => () => {},
    onStatus: (l) => (listeners.add(l), () => listeners.delete(l)),
    status: () => status,
    close() {},
  };
  const setStatus = (s: EslConnectionStatus) => {
    status = s;
    for (const l of listeners) l(s);
  };
  return { esl, commands, setStatus };
}
