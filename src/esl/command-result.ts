import type { EslResult } from "./port.ts";

/** How a command ended at the transport, before its text is read. */
export type CommandOutcome =
  /** FreeSWITCH ran it; text is the reply body (api/response or BACKGROUND_JOB body). */
  | { kind: "answered"; text: string }
  /** FreeSWITCH refused the command itself (`-ERR …` in Reply-Text). */
  | { kind: "refused"; text: string }
  | { kind: "timeout"; text: string };

/**
 * FreeSWITCH signals failure only in the text: a body starting `-ERR` (or
 * `-USAGE`) is an error; anything else is success, including replies that do
 * not start `+OK` (`show … as json`, `callcenter_config queue list`'s header
 * line before its `+OK`). Success keeps the text byte for byte.
 */
export function commandResult(outcome: CommandOutcome): EslResult {
  switch (outcome.kind) {
    case "timeout":
      return { ok: false, kind: "timeout", message: outcome.text };
    case "refused":
      return { ok: false, kind: "error", message: errorText(outcome.text) };
    case "answered":
      return /^-(ERR|USAGE)/.test(outcome.text)
        ? { ok: false, kind: "error", message: errorText(outcome.text) }
        : { ok: true, value: outcome.text };
  }
}

function errorText(text: string): string {
  return text.replace(/^-ERR\s?/, "").trimEnd();
}
