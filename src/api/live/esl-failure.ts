import { ApiError } from "../errors.ts";
import type { EslResult } from "../../esl/port.ts";

/** FreeSWITCH's own words for "that uuid is not a live channel". */
const NO_SUCH_CHANNEL = /no such channel|cannot locate session|invalid uuid/i;

/**
 * A failed command as an HTTP answer: unknown channel → 404, any other
 * -ERR → 502 with FreeSWITCH's text, timeout → 504, no connection → 503.
 */
export function eslFailure(result: Exclude<EslResult, { ok: true }>, uuid?: string): ApiError {
  switch (result.kind) {
    case "disconnected":
      return eslUnavailable();
    case "timeout":
      return new ApiError(504, "esl_timeout", `FreeSWITCH did not answer in time: ${result.message}`);
    case "error":
      if (uuid && NO_SUCH_CHANNEL.test(result.message)) return new ApiError(404, "not_found", `channel ${uuid} does not exist`);
      return new ApiError(502, "freeswitch_error", `FreeSWITCH: ${result.message}`);
  }
}

export const eslUnavailable = () => new ApiError(503, "esl_unavailable", "FreeSWITCH is not connected (ESL down); try again shortly");

/** api replies can carry `-ERR` in a body FreeSWITCH still calls a success. */
export function unwrap(result: EslResult, uuid?: string): string {
  if (!result.ok) throw eslFailure(result, uuid);
  const text = result.value.trim();
  if (text.startsWith("-ERR")) throw eslFailure({ ok: false, kind: "error", message: text.replace(/^-ERR\s*/, "") }, uuid);
  return text;
}
