import { describe, expect, test } from "bun:test";
import { apiReply } from "../../test/support/esl-transcript.ts";
import { commandResult } from "./command-result.ts";

const answered = (frame: string) => commandResult({ kind: "answered", text: apiReply(frame) });

describe("reading FreeSWITCH's reply text as a result", () => {
  test("-ERR replies are errors carrying FreeSWITCH's words", () => {
    expect(answered("api_uuid_transfer_unknown_uuid")).toEqual({ ok: false, kind: "error", message: "No such channel!" });
    expect(answered("api_unknown_command")).toEqual({ ok: false, kind: "error", message: "no_such_command Command not found!" });
    expect(answered("api_uuid_kill_unknown_uuid").ok).toBe(false);
  });

  test("+OK, JSON and the callcenter header-then-+OK reply are successes kept byte for byte", () => {
    for (const frame of ["api_uuid_hold", "api_show_channels_json_idle", "api_callcenter_config_queue_list", "api_sofia_status"]) {
      expect(answered(frame)).toEqual({ ok: true, value: apiReply(frame) });
    }
  });

  test("a failed originate's BACKGROUND_JOB body is an error", () => {
    expect(commandResult({ kind: "answered", text: "-ERR NO_ROUTE_DESTINATION\n" })).toEqual({
      ok: false,
      kind: "error",
      message: "NO_ROUTE_DESTINATION",
    });
  });

  test("a reply with a stray '%' is plain success text", () => {
    expect(commandResult({ kind: "answered", text: "100% done" })).toEqual({ ok: true, value: "100% done" });
  });

  test("transport outcomes map to timeout and refused-as-error", () => {
    expect(commandResult({ kind: "timeout", text: "t" })).toMatchObject({ ok: false, kind: "timeout" });
    expect(commandResult({ kind: "refused", text: "-ERR invalid" })).toEqual({ ok: false, kind: "error", message: "invalid" });
  });
});
