import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import { deriveCall } from "../src/esl/live-calls.ts";
import type { Channel, LiveSnapshot } from "../src/tui/api-types.ts";
import { sampleChannel, sampleSnapshot } from "./support/sample-state.ts";
import { KEY, T0, renderDashboard } from "./tui-harness.ts";

afterEach(() => cleanup());

const tableRows = (f: string) => f.split("\n").filter((l) => /^[←→↔] /.test(l));
const CALL_1004 = "00000003-0000-4000-8000-000000000003";

describe("callboard top filter", () => {
  test("/ keeps the rows matching a regex, while it is typed", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/", "1", "0", "0", "[", "2", "4", "]");
    let f = await d.waitFor((f) => tableRows(f).length === 2, "two rows");
    expect(f).toContain("/100[24]");
    await d.press(KEY.enter);
    f = await d.waitFor((f) => f.includes("1/2 of 6"));
    expect(tableRows(f).map((r) => r.match(/ (10\d\d) /)![1]).sort()).toEqual(["1002", "1004"]);
  });

  test("a leading ! keeps the rows that do not match", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/!belluz\r");
    const f = await d.waitFor((f) => f.includes("1/3 of 6"));
    expect(tableRows(f).every((r) => !r.includes("belluz"))).toBe(true);
    expect(tableRows(f)).toHaveLength(3);
  });

  test("a pasted filter in one burst loses no key", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r");
    const f = await d.waitFor((f) => f.includes("1/1 of 6"));
    expect(tableRows(f)[0]).toContain("1004 Азиз");
  });

  test("an invalid regex is shown and matched literally, without crashing", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/(1004\r");
    const f = await d.waitFor((f) => f.includes("not a regex"));
    expect(f).toContain("no channels match /(1004/");
  });

  test("esc clears the filter", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Sales\r");
    await d.waitFor((f) => f.includes("1/1 of 6"));
    await d.press(KEY.esc);
    await d.waitFor((f) => tableRows(f).length === 6, "all rows back");
  });
});

describe("callboard top actions", () => {
  test("ctrl-d asks before hanging up; n leaves the call alone, y hangs it up", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r");
    await d.waitFor((f) => f.includes("1/1 of 6"));
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("Hang up 1004 → 998901000003? (y/n)"));
    await d.press("n");
    await d.waitFor((f) => f.includes("hang up cancelled"));
    expect(d.calls).toEqual([]);
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("(y/n)"));
    await d.press("y");
    await d.waitFor((f) => f.includes("hung up 1004 → 998901000003"));
    expect(d.calls).toEqual([`hangup ${CALL_1004}`]);
  });

  test("r starts recording, or stops it when the call is being recorded", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "r");
    await d.waitFor((f) => f.includes("recording started"));
    await d.press("/Оператор\r", "r");
    await d.waitFor((f) => f.includes("recording stopped"));
    expect(d.calls).toEqual([`record start ${CALL_1004}`, "record stop 00000005-0000-4000-8000-000000000005"]);
  });

  test("t asks for an extension, naming whom it moves, and refuses anything else", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "t");
    await d.waitFor((f) => f.includes("Transfer 998901000003 to:"));
    await d.press("12;3\r");
    await d.waitFor((f) => f.includes("an extension: 2 to 6 digits"));
    await d.press("\u0015", "+998901234567\r");
    await d.waitFor((f) => f.includes("an extension: 2 to 6 digits"));
    expect(d.calls).toEqual([]);
    await d.press("\u0015", "1003\r");
    await d.waitFor((f) => f.includes("transferred 998901000003 to 1003"));
    expect(d.calls).toEqual([`transfer ${CALL_1004} 1003`]);
  });

  test("l asks for my extension once and remembers it", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "l");
    await d.waitFor((f) => f.includes("listen in from my extension:"));
    await d.press("1001\r");
    await d.waitFor((f) => f.includes("extension 1001 will ring"));
    await d.press(KEY.esc, KEY.down, "l");
    await d.waitFor((f) => d.calls.length === 2 && f.includes("will ring"));
    expect(d.calls[0]).toBe(`listen ${CALL_1004} 1001`);
    expect(d.calls[1]).toMatch(/^listen \S+ 1001$/);
  });

  test("an API error is shown in the footer", async () => {
    const d = renderDashboard({ answer: () => ({ ok: false, status: 502, message: "FreeSWITCH: -ERR No such channel!" }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(KEY.ctrlD, "y");
    await d.waitFor((f) => f.includes("FreeSWITCH: -ERR No such channel!"));
  });
});

describe("callboard top read-only", () => {
  test("--readonly disables the mutating keys and says so", async () => {
    const d = renderDashboard({ readonly: "--readonly" });
    let f = await d.waitFor((f) => f.includes("CALLER"));
    expect(f).toContain("READ-ONLY (--readonly): actions disabled");
    expect(f).not.toContain("^D hang up");
    await d.press(KEY.ctrlD);
    f = await d.waitFor((f) => f.includes("hang up is disabled"));
    expect(f).not.toContain("(y/n)");
    await d.press("r", "t", "l");
    await d.waitFor((f) => f.includes("listen in is disabled"));
    expect(d.calls).toEqual([]);
  });

  test("a viewer token starts read-only: no hang-up confirmation, no hints for the mutating keys", async () => {
    const d = renderDashboard({ role: "viewer" });
    let f = await d.waitFor((f) => f.includes("READ-ONLY"));
    expect(f).toContain('READ-ONLY (viewer token "wallboard"): actions disabled');
    expect(f).not.toContain("^D hang up");
    expect(f).not.toContain("t transfer");
    await d.press(KEY.ctrlD);
    f = await d.waitFor((f) => f.includes("hang up is disabled"));
    expect(f).not.toContain("(y/n)");
    await d.press("2", "t", "r", "l");
    f = await d.waitFor((f) => f.includes("listen in is disabled"));
    expect(f).not.toContain("Transfer ");
    expect(d.calls).toEqual([]);
  });

  test("an admin token keeps the mutating keys", async () => {
    const d = renderDashboard({ role: "admin" });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(KEY.ctrlD);
    const f = await d.waitFor((f) => f.includes("(y/n)"));
    expect(f).not.toContain("READ-ONLY");
  });

  test("when whoami could not answer, the first 403 turns the dashboard read-only", async () => {
    const d = renderDashboard({ role: "unknown", answer: () => ({ ok: false, status: 403, message: "this token may only read" }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("r");
    await d.waitFor((f) => f.includes("this token may only read"));
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("read-only (viewer token): hang up is disabled"));
    await d.press(KEY.esc);
    await d.waitFor((f) => f.includes("READ-ONLY (viewer token)"));
    expect(d.calls).toHaveLength(1);
  });

  test("the help marks the disabled keys", async () => {
    const d = renderDashboard({ readonly: "--readonly" });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("?");
    const f = await d.waitFor((f) => f.includes("keys (channels)"));
    expect(f).toMatch(/ctrl-d +hang up the selected call \(asks y\/n\) \(read-only\)/);
    expect(f).toContain("sort letters in channels: S state, C caller");
  });
});

/** Two calls as FreeSWITCH reports them: a DID call to agent 1001, and agent 1002 dialling a customer through belluz. */
const IN_A = "0000000a-0000-4000-8000-00000000000a";
const IN_B = "0000000b-0000-4000-8000-00000000000b";
const OUT_A = "0000000c-0000-4000-8000-00000000000c";
const OUT_B = "0000000d-0000-4000-8000-00000000000d";

function twoCalls(over: { inAgent?: Partial<Channel>; customerGone?: boolean } = {}): LiveSnapshot {
  const leg = (n: number, c: Partial<Channel>) => sampleChannel(n, T0, { gateway: undefined, did: undefined, held: false, recording: false, ...c });
  const inbound = [
    leg(10, { uuid: IN_A, callId: IN_A, bridgedTo: IN_B, name: "sofia/external/998901234567@10.0.0.1", direction: "inbound", context: "public", callerNumber: "998901234567", callerName: "Дильноза", destination: "998712000100", did: "998712000100", extension: undefined }),
    leg(11, { uuid: IN_B, callId: IN_A, bridgedTo: IN_A, name: "sofia/internal/1001@call.example.uz", direction: "outbound", callerNumber: "998901234567", callerName: "Дильноза", destination: "1001", calleeNumber: "1001", extension: "1001", ...over.inAgent }),
  ];
  const agent = leg(12, { uuid: OUT_A, callId: OUT_A, name: "sofia/internal/1002@call.example.uz", direction: "inbound", context: "default", callerNumber: "1002", callerName: "Sardor", destination: "998901112233", extension: "1002" });
  const customer = leg(13, { uuid: OUT_B, callId: OUT_A, name: "sofia/gateway/belluz/998901112233", direction: "outbound", callerNumber: "1002", destination: "998901112233", calleeNumber: "998901112233", gateway: "belluz", extension: undefined });
  const outbound = [agent, customer];
  // The customer's leg removed while the call's own update is still on its way.
  const channels = [...inbound, ...(over.customerGone ? [agent] : outbound)];
  const calls = [deriveCall(IN_A, inbound)!, deriveCall(OUT_A, outbound)!];
  return sampleSnapshot(T0, 0, { channels, calls });
}

describe("callboard top moves the right leg", () => {
  test("an outbound call's transfer moves the customer's gateway leg, not the agent", async () => {
    const d = renderDashboard({ snapshot: twoCalls() });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2", "/998901112233\r");
    await d.waitFor((f) => f.includes("1/1 of 2"));
    await d.press("t");
    await d.waitFor((f) => f.includes("Transfer 998901112233 to:"));
    await d.press("1003\r");
    await d.waitFor((f) => f.includes("transferred 998901112233 to 1003"));
    expect(d.calls).toEqual([`transfer ${OUT_B} 1003`]);
  });

  test("an inbound DID call's transfer moves the caller (the A leg)", async () => {
    const d = renderDashboard({ snapshot: twoCalls() });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2", "/998901234567\r");
    await d.waitFor((f) => f.includes("1/1 of 2"));
    await d.press("t");
    await d.waitFor((f) => f.includes("Transfer 998901234567 to:"));
    await d.press("1003\r");
    await d.waitFor((f) => f.includes("transferred 998901234567 to 1003"));
    expect(d.calls).toEqual([`transfer ${IN_A} 1003`]);
  });

  test("a call's hang-up, recording and listen-in act on its A leg", async () => {
    const d = renderDashboard({ snapshot: twoCalls() });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2", "/998901112233\r", KEY.ctrlD);
    await d.waitFor((f) => f.includes("Hang up 1002 → 998901112233? (y/n)"));
    await d.press("y", "r", "l", "1005\r");
    await d.waitFor((f) => d.calls.length === 3 && f.includes("will ring"));
    expect(d.calls).toEqual([`hangup ${OUT_A}`, `record start ${OUT_A}`, `listen ${OUT_A} 1005`]);
  });

  test("stopping a call's recording stops it on the leg that records", async () => {
    const d = renderDashboard({ snapshot: twoCalls({ inAgent: { recording: true, recordingPath: "/var/lib/callboard/recordings/x.wav" } }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2", "/998901234567\r", "r");
    await d.waitFor((f) => f.includes("recording stopped"));
    expect(d.calls).toEqual([`record stop ${IN_B}`]);
  });

  test("an outbound call whose customer has left has nobody to transfer, and the agent is not moved instead", async () => {
    const d = renderDashboard({ snapshot: twoCalls({ customerGone: true }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2", "/1002\r", "t");
    const f = await d.waitFor((f) => f.includes("is not on the line"));
    expect(f).not.toContain("Transfer ");
    expect(d.calls).toEqual([]);
  });

  test("in the channels view every key acts on the selected leg itself", async () => {
    const d = renderDashboard({ snapshot: twoCalls() });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/sofia/internal/1001\r");
    await d.waitFor((f) => f.includes("1/1 of 4"));
    await d.press("t");
    await d.waitFor((f) => f.includes("Transfer 1001 to:"));
    await d.press("1003\r");
    await d.waitFor((f) => f.includes("transferred 1001 to 1003"));
    await d.press(KEY.ctrlD, "y", "r");
    await d.waitFor((f) => d.calls.length === 3 && f.includes("recording started"));
    expect(d.calls).toEqual([`transfer ${IN_B} 1003`, `hangup ${IN_B}`, `record start ${IN_B}`]);
  });
});
