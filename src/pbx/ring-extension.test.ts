import { describe, expect, test } from "bun:test";
import { MAX_FORWARD_HOPS, type CallHandling } from "./call-handling.ts";
import { callHandlingProblem } from "./call-handling-check.ts";
import { featureCodeTarget } from "./feature-codes.ts";
import { routeCall, type ExtensionRow, type RoutingLookup } from "./route-call.ts";
import { did, handledExt, lookup as rowsOf, officeHours, uzMobile } from "./routing-fixture.ts";
import type { TimeConditionRow } from "./time-conditions.ts";

/** Open 09:00-18:00 on weekdays → 1002; closed → 1003. */
const dayOnly: TimeConditionRow = officeHours({ name: "day", open: { type: "extension", target: "1002" }, closed: { type: "extension", target: "1003" } });

const ext = handledExt;
const lookup = (exts: ExtensionRow[], conditions: TimeConditionRow[] = []): RoutingLookup => rowsOf(exts, [did()], [uzMobile], [], conditions);

const tuesday = (hh: string) => ({ at: new Date(`2026-12-01T${hh}:00:00+05:00`), timeZone: "Asia/Tashkent" });
const fromPhone = (destination: string, rows: RoutingLookup, caller = "1009") => routeCall({ context: "default", destination, callerExtension: caller, clock: tuesday("10") }, rows);
const fromDid = (rows: RoutingLookup, hh = "10") => routeCall({ context: "public", destination: "998785553322", clock: tuesday(hh) }, rows);
const unanswered = (number: string, cause: string, rows: RoutingLookup, hops = 0) =>
  routeCall({ context: "forward", destination: `unanswered-${number}`, failedCause: cause, forwardHops: hops, clock: tuesday("10") }, rows);

describe("do not disturb", () => {
  test("with nothing forwarded the caller gets busy, and the phones do not ring", () => {
    const d = fromPhone("1001", lookup([ext("1001", { dnd: true }), ext("1009")]));
    expect(d.target).toMatchObject({ kind: "reject", cause: "USER_BUSY" });
  });

  test("goes to the busy forward when there is one, else to the no-answer forward (as FusionPBX does)", () => {
    const busy = fromDid(lookup([ext("1001", { dnd: true, forwardBusy: { type: "extension", target: "1002" }, forwardNoAnswer: { type: "voicemail", target: "1001" } }), ext("1002")]));
    expect(busy.target).toMatchObject({ kind: "extension", number: "1002", forwarded: [{ from: "1001", reason: "dnd" }] });
    const noAnswer = fromDid(lookup([ext("1001", { dnd: true, forwardNoAnswer: { type: "voicemail", target: "1001" } }, { voicemailEnabled: true })]));
    expect(noAnswer.target).toEqual({ kind: "voicemail", box: "1001", greeting: null, forwarded: [{ from: "1001", reason: "dnd", to: { type: "voicemail", target: "1001" } }] });
  });
});

describe("forward always", () => {
  test("a DID call to 1001 rings 1002 instead, with 1002's own ring time", () => {
    const d = fromDid(lookup([ext("1001", { forwardAlways: { type: "extension", target: "1002" } }), ext("1002", { ringSeconds: 15 })]));
    expect(d.target).toMatchObject({ kind: "extension", number: "1002", ringSeconds: 15 });
  });

  test("to an outside number a DID call goes out through the route 1001's class allows, presenting the company number", () => {
    const d = fromDid(lookup([ext("1001", { forwardAlways: { type: "number", target: "998901234567" } })]));
    expect(d.context).toBe("public");
    expect(d.target).toMatchObject({ kind: "gateway", gateway: "belluz", number: "998901234567", callerIdNumber: "998785553322", forwarded: [{ from: "1001", reason: "always" }] });
  });

  test("a class that may not dial the number (set behind the API) is not followed: 1001's phones ring", () => {
    const d = fromDid(lookup([ext("1001", { forwardAlways: { type: "number", target: "998901234567" } }, { outboundClass: "internal" })]));
    expect(d.target).toMatchObject({ kind: "extension", number: "1001" });
    expect(d.context === "public" && d.notes?.[0]).toContain("may not use route uz-mobile");
  });

  test("a loop written behind the API's back stops after a few hops instead of ringing round", () => {
    const rows = lookup([ext("1001", { forwardAlways: { type: "extension", target: "1002" } }), ext("1002", { forwardAlways: { type: "extension", target: "1001" } })]);
    const d = fromDid(rows);
    expect(d.target.kind).toBe("extension");
    expect(d.context === "public" && d.notes?.join()).toContain(`${MAX_FORWARD_HOPS} forwards already`);
  });

  test("to a time condition, decided by the clock", () => {
    const rows = lookup([ext("1001", { forwardAlways: { type: "time_condition", target: "day" } }), ext("1002"), ext("1003")], [dayOnly]);
    expect(fromDid(rows, "10").target).toMatchObject({ kind: "extension", number: "1002" });
    expect(fromDid(rows, "23").target).toMatchObject({ kind: "extension", number: "1003" });
  });
});

describe("busy and no-answer forwards", () => {
  const rows = lookup([
    ext("1001", { forwardBusy: { type: "extension", target: "1002" }, forwardNoAnswer: { type: "voicemail", target: "1001" }, ringSeconds: 12 }, { voicemailEnabled: true }),
    ext("1002"),
    ext("1009"),
  ]);

  test("the phones ring for the extension's ring time with the forwards waiting behind them", () => {
    expect(fromPhone("1001", rows).target).toMatchObject({ kind: "extension", number: "1001", ringSeconds: 12, unanswered: { hops: 0 } });
  });

  test("busy (or declined) goes to the busy forward, anything else to the no-answer forward", () => {
    expect(unanswered("1001", "USER_BUSY", rows).target).toMatchObject({ kind: "extension", number: "1002", forwarded: [{ reason: "busy" }] });
    expect(unanswered("1001", "CALL_REJECTED", rows).target).toMatchObject({ kind: "extension", number: "1002" });
    expect(unanswered("1001", "NO_ANSWER", rows).target).toMatchObject({ kind: "voicemail", box: "1001" });
    expect(unanswered("1001", "USER_NOT_REGISTERED", rows).target).toMatchObject({ kind: "voicemail", box: "1001" });
  });

  test("without a forward for the cause the caller gets the cause", () => {
    const plain = lookup([ext("1002", { forwardNoAnswer: { type: "extension", target: "1001" } }), ext("1001")]);
    expect(unanswered("1002", "USER_BUSY", plain).target).toMatchObject({ kind: "reject", cause: "USER_BUSY" });
  });

  test("past the hop limit nothing more is forwarded", () => {
    expect(unanswered("1001", "USER_BUSY", rows, MAX_FORWARD_HOPS).target).toMatchObject({ kind: "reject", cause: "USER_BUSY" });
  });

  test("a phone cannot reach callboard's own context by dialling its names", () => {
    expect(fromPhone("unanswered-1001", rows).target).toMatchObject({ kind: "reject", cause: "INVALID_NUMBER_FORMAT" });
  });
});

describe("what may be stored", () => {
  const rows = lookup([ext("1001"), ext("1002", { forwardNoAnswer: { type: "extension", target: "1003" } }), ext("1003", { forwardBusy: { type: "extension", target: "1001" } })]);
  const owner = rows.extension("1001")!;
  const none: CallHandling = { dnd: false, ringSeconds: null, forwardAlways: null, forwardBusy: null, forwardNoAnswer: null };

  test("a forward that would come back round is refused with its path", () => {
    const p = callHandlingProblem(owner, { ...none, forwardAlways: { type: "extension", target: "1002" } }, rows);
    expect(p).toMatchObject({ field: "forwardAlways.target" });
    expect(p?.message).toContain("1001 → 1002 → 1003 → 1001");
  });

  test("an outside number must be one the extension may dial itself", () => {
    const internal = { ...owner, outboundClass: "internal" as const };
    expect(callHandlingProblem(internal, { ...none, forwardBusy: { type: "number", target: "998901234567" } }, rows)).toMatchObject({ field: "forwardBusy.target", cause: "OUTGOING_CALL_BARRED" });
    expect(callHandlingProblem(owner, { ...none, forwardBusy: { type: "number", target: "74951234567" } }, rows)).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
    expect(callHandlingProblem(owner, { ...none, forwardBusy: { type: "number", target: "998901234567" } }, rows)).toBeUndefined();
  });

  test("no box means no voicemail forward", () => {
    const boxes = lookup([ext("1001"), ext("1002", {}, { voicemailEnabled: true })]);
    const me = boxes.extension("1001")!;
    expect(callHandlingProblem(me, { ...none, forwardNoAnswer: { type: "voicemail", target: "1001" } }, boxes)).toMatchObject({ field: "forwardNoAnswer.target" });
    expect(callHandlingProblem(me, { ...none, forwardNoAnswer: { type: "voicemail", target: "1002" } }, boxes)).toBeUndefined();
  });
});

describe("feature codes", () => {
  const rows = lookup([ext("1001"), ext("1002"), ext("1010", {}, { outboundClass: "internal" })]);

  test("*78 and *79 turn do-not-disturb on and off for the phone dialling them", () => {
    expect(featureCodeTarget("*78", rows.extension("1001")!, rows)).toEqual({ kind: "feature", action: "dnd_on", extension: "1001" });
    expect(featureCodeTarget("*79", rows.extension("1001")!, rows)).toEqual({ kind: "feature", action: "dnd_off", extension: "1001" });
  });

  test("*72 with an extension forwards to it; with an outside number, only through a route the class allows", () => {
    expect(featureCodeTarget("*721002", rows.extension("1001")!, rows)).toMatchObject({ action: "forward_always_on", forward: { type: "extension", target: "1002" } });
    expect(featureCodeTarget("*92998901234567", rows.extension("1001")!, rows)).toMatchObject({ action: "forward_no_answer_on", forward: { type: "number" } });
    expect(featureCodeTarget("*72998901234567", rows.extension("1010")!, rows)).toMatchObject({ kind: "reject", cause: "OUTGOING_CALL_BARRED" });
  });

  test("malformed codes are refused, unknown ones are not feature codes", () => {
    expect(featureCodeTarget("*72", rows.extension("1001")!, rows)).toMatchObject({ kind: "reject", cause: "INVALID_NUMBER_FORMAT" });
    expect(featureCodeTarget("*7812", rows.extension("1001")!, rows)).toMatchObject({ kind: "reject", cause: "INVALID_NUMBER_FORMAT" });
    expect(featureCodeTarget("*721001", rows.extension("1001")!, rows)).toMatchObject({ kind: "reject" });
    expect(featureCodeTarget("*55", rows.extension("1001")!, rows)).toBeUndefined();
  });
});
