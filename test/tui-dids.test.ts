/**
 * callboard top's dids view: the DIDs as configured, and for the selected one
 * the trace now (GET /api/v1/dids/{number}/trace) fetched through the API
 * client into the store, which the view renders.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import type { Did, DidTrace } from "../src/tui/api-types.ts";
import { createApiClient } from "../src/tui/api-client.ts";
import { createTuiStore } from "../src/tui/store.ts";
import { testApp } from "./support/deps.ts";
import { KEY, renderDashboard } from "./tui-harness.ts";

afterEach(() => cleanup());

const did = (number: string, type: string, target: string, over: Partial<Did> = {}): Did => ({
  number,
  description: null,
  gateway: "belluz",
  destination: { type: type as Did["destination"]["type"], target },
  record: false,
  enabled: true,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
  ...over,
});

const DIDS = [did("998785553322", "time_condition", "business-hours", { description: "main line" }), did("998712001100", "extension", "1002")];

const CLOSED: DidTrace = {
  number: "998785553322",
  at: "2026-12-01T18:00:00.000Z",
  timeZone: "Asia/Tashkent",
  chain: [
    { kind: "did", number: "998785553322", destination: { type: "time_condition", target: "business-hours" } },
    { kind: "time_condition", name: "business-hours", state: "closed", reason: { kind: "no_rule" }, local: "2026-12-01 23:00 tue", destination: { type: "extension", target: "1001" } },
    { kind: "extension", number: "1001", record: false },
  ],
};

async function didsOnScreen() {
  const d = renderDashboard();
  await d.waitFor((f) => f.includes("CALLER"));
  await d.press(":dids\r");
  await d.waitFor((f) => f.includes("NUMBER"), "the dids view");
  expect(d.calls).toContain("dids");
  d.store.setDids(DIDS);
  d.store.flush();
  await d.waitFor((f) => f.includes("998785553322"), "the DIDs");
  return d;
}

describe("callboard top :dids", () => {
  test(":dids lists the DIDs with where each goes, sorted by number", async () => {
    const d = await didsOnScreen();
    const rows = d.frame().split("\n").filter((l) => /\b99878/.test(l) || /\b99871/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("998712001100");
    expect(rows[0]).toContain("extension 1002");
    expect(rows[1]).toContain("time_condition business-hours");
  });

  test("enter asks for the selected DID's trace and shows each step: a closed time condition, then the extension", async () => {
    const d = await didsOnScreen();
    await d.press(KEY.down, KEY.enter);
    let f = await d.waitFor((f) => f.includes("tracing…"), "the trace being fetched");
    expect(f).toContain("DID 998785553322 now");
    expect(d.calls).toContain("trace 998785553322");
    d.store.setTrace("998785553322", { trace: CLOSED });
    d.store.flush();
    f = await d.waitFor((f) => f.includes("business-hours closed"), "the trace");
    expect(f).toContain("at 2026-12-01T18:00:00.000Z (Asia/Tashkent)");
    expect(f).toContain("998785553322 → time condition business-hours");
    expect(f).toContain("business-hours closed (no rule open, 2026-12-01 23:00 tue) → extension 1001");
    expect(f).toMatch(/reaches\s+extension 1001/);
    await d.press(KEY.esc);
    await d.waitFor((f) => f.includes("NUMBER"), "back to the list");
  });

  test("a rejection and a failed trace say so", async () => {
    const d = await didsOnScreen();
    await d.press(KEY.enter);
    await d.waitFor((f) => f.includes("DID 998712001100 now"));
    d.store.setTrace("998712001100", { error: "404: DID not found" });
    d.store.flush();
    await d.waitFor((f) => /trace failed\s+404: DID not found/.test(f), "the error");
    d.store.setTrace("998712001100", {
      trace: { ...CLOSED, number: "998712001100", chain: [CLOSED.chain[0]!, { kind: "reject", cause: "UNALLOCATED_NUMBER", reason: "extension 1002 is disabled" }] },
    });
    d.store.flush();
    await d.waitFor((f) => /rejected\s+UNALLOCATED_NUMBER: extension 1002 is disabled/.test(f), "the rejection");
  });

  test("? lists the enter key's trace and the dids view's sort letters", async () => {
    const d = await didsOnScreen();
    await d.press("?");
    const f = await d.waitFor((f) => f.includes("keys (dids)"));
    expect(f).toContain("on a DID, its trace now");
    expect(f).toContain("sort letters in dids: N number, D destination");
  });
});

describe("the dids view's data through the API client", () => {
  test("the DIDs and a trace now come from callboard into the store: at 23:00 Tashkent the condition is closed", async () => {
    const t = testApp({ now: () => Date.parse("2026-12-01T23:00:00+05:00") });
    expect((await t.call("POST", "/api/v1/extensions", { number: "1001", name: "Dilnoza" })).status).toBe(201);
    const schedule = { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }], holidays: [] };
    const tc = { name: "business-hours", schedule, open: { type: "extension", target: "1001" }, closed: { type: "extension", target: "1001" } };
    expect((await t.call("POST", "/api/v1/time-conditions", tc)).status).toBe(201);
    expect((await t.call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "time_condition", target: "business-hours" } })).status).toBe(201);
    const api = createApiClient({ url: "http://callboard.test", token: t.admin, fetch: ((url: string, init: RequestInit) => t.app.request(url, init)) as typeof fetch });
    const store = createTuiStore();

    const dids = await api.dids();
    expect(dids.ok).toBe(true);
    if (dids.ok) store.setDids(dids.rows);
    const traced = await api.traceDid("998785553322");
    expect(traced.ok).toBe(true);
    if (traced.ok) store.setTrace("998785553322", { trace: traced.trace });
    store.flush();

    expect(store.rows<Did>({ view: "dids", filter: "", sort: { letter: "N", desc: false } }).rows.map((r) => r.number)).toEqual(["998785553322"]);
    const entry = store.trace("998785553322");
    expect(entry && "trace" in entry ? entry.trace.chain.map((s) => s.kind) : []).toEqual(["did", "time_condition", "extension"]);
    expect(entry && "trace" in entry ? entry.trace.chain[1] : undefined).toMatchObject({ name: "business-hours", state: "closed", reason: { kind: "no_rule" } });

    const missing = await api.traceDid("998780000000");
    expect(missing).toMatchObject({ ok: false, message: expect.stringMatching(/^404: /) });
    store.dispose();
  });
});
