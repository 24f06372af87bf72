import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import type { LiveSnapshot } from "../src/tui/api-types.ts";
import { sampleSnapshot } from "./support/sample-state.ts";
import { KEY, renderDashboard, T0 } from "./tui-harness.ts";

afterEach(() => cleanup());

const lines = (f: string) => f.split("\n");

describe("callboard top views", () => {
  test("the header shows FreeSWITCH, the counts and the calls of the last minute", async () => {
    const d = renderDashboard();
    const f = await d.waitFor((f) => f.includes("calls/min"));
    expect(f).toContain("FreeSWITCH 1.10.12-release");
    expect(f).toContain("up 1d 2:03:04");
    expect(f).toContain("ESL connected");
    expect(f).toMatch(/channels 6 +calls 6 +regs 4 +gateways 1↑ 1↓ +calls\/min 6/);
    expect(f).not.toContain("SIMULATED");
  });

  test("channels: direction, state, caller, DID and gateway, longest first", async () => {
    const d = renderDashboard();
    const f = await d.waitFor((f) => f.includes("CALLER"));
    const rows = lines(f).filter((l) => /^[←→↔] /.test(l));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/^← answered 1007 Qo'ng'iroq.* 998901000006 +0:06 +\+998712000100 +-/);
    expect(rows.find((r) => r.includes("Азиз"))).toMatch(/→ held .*HOLD .*belluz/);
    expect(rows.find((r) => r.includes("Оператор"))).toMatch(/→ ringing .*REC/);
    expect(f).toContain("DURATION↓");
  });

  test("FreeSWITCH's placeholder callee name 'Outbound Call' is not shown as a name", async () => {
    const snap = sampleSnapshot(T0);
    const channels = snap.channels.map((c) => ({ ...c, calleeName: "Outbound Call" }));
    const d = renderDashboard({ snapshot: { ...snap, channels } });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(KEY.enter);
    const f = await d.waitFor((f) => f.includes("esc back"));
    expect(f).toMatch(/callee +\S+/);
    expect(f).not.toContain("Outbound Call");
  });

  test("calls, regs and gateways each have their table; :cdrs asks for the recent CDRs", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("2");
    let f = await d.waitFor((f) => f.includes("FROM"));
    expect(f).toMatch(/← active +1003 Dilnoza +998901000002 +0:02 +\+998712000100/);
    await d.press(":", "r", "e", "g", "s", KEY.enter);
    f = await d.waitFor((f) => f.includes("AGENT"));
    expect(f).toMatch(/1001 +192\.168\.1\.10:5060 +MicroSIP/);
    await d.press("4");
    f = await d.waitFor((f) => f.includes("LAST STATUS"));
    expect(f).toMatch(/backup +FAIL_WAIT +DOWN +1:30 +503 Service Unavailable/);
    expect(f).toMatch(/belluz +REGED +UP +1:00:00 +200 OK/);
    await d.press(":", "c", "d", "r", "s", KEY.enter);
    d.store.setCdrs([
      { uuid: "c1", direction: "inbound", callerNumber: "998901112233", callerName: "Азиз", destination: "1001", did: "+998712000100", startedAt: T0 - 60_000, billSeconds: 42, hangupCause: "NORMAL_CLEARING" },
    ]);
    d.store.flush();
    f = await d.waitFor((f) => f.includes("NORMAL_CLEARING"));
    expect(d.calls).toContain("cdrs");
    expect(f).toMatch(/998901112233 Азиз +1001 +0:42 +NORMAL_CLEARING +\+998712000100/);
  });

  test("an unknown : command says so instead of switching", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(":", "x", "y", KEY.enter);
    await d.waitFor((f) => f.includes('unknown command ":xy"'));
  });

  test("enter opens the details of the selected row, esc goes back", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(KEY.down, KEY.enter);
    const f = await d.waitFor((f) => f.includes("esc back"));
    expect(f).toContain("sofia/internal/1006@call.example.uz");
    expect(f).toMatch(/codec +PCMA \/ PCMA/);
    expect(f).toMatch(/remote +192\.168\.1\.5:5060/);
    await d.press(KEY.esc);
    await d.waitFor((f) => f.includes("CALLER"));
  });

  test("shift+letter sorts by that column and again reverses it", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    const callers = (f: string) => lines(f).filter((l) => /^[←→] /.test(l)).map((l) => l.match(/ (10\d\d) /)![1]);
    await d.press("C");
    let f = await d.waitFor((f) => f.includes("CALLER↑"));
    expect(callers(f)).toEqual(["1002", "1003", "1004", "1005", "1006", "1007"]);
    await d.press("C");
    f = await d.waitFor((f) => f.includes("CALLER↓"));
    expect(callers(f)).toEqual(["1007", "1006", "1005", "1004", "1003", "1002"]);
  });

  test("durations tick without events", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes(" 0:06 "));
    d.clock.now += 65_000;
    await d.waitFor((f) => f.includes(" 1:11 "), "the duration to tick");
  });

  test("the header says plainly when callboard or FreeSWITCH is unreachable", async () => {
    const snap: LiveSnapshot = sampleSnapshot(T0);
    const d = renderDashboard({ snapshot: { ...snap, status: { esl: "disconnected" } } });
    await d.waitFor((f) => f.includes("ESL disconnected — FreeSWITCH unreachable"));
    d.store.setConnection({ state: "unreachable", message: "connection refused", retryAt: T0 + 3000 });
    d.store.flush();
    await d.waitFor((f) => f.includes("callboard unreachable at http://127.0.0.1:8080: connection refused — retrying in 3s"));
  });
});
