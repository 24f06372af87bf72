import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import type { LiveSnapshot, QueueAgent, QueueCaller } from "../src/tui/api-types.ts";
import { sampleSnapshot } from "./support/sample-state.ts";
import { KEY, renderDashboard, T0 } from "./tui-harness.ts";

afterEach(() => cleanup());

const caller = (n: number, queue: string, waitedMs: number, over: Partial<QueueCaller> = {}): QueueCaller => ({
  id: `0000000${n}-cc00-4000-8000-000000000000`,
  queue,
  channel: `0000000${n}-0000-4000-8000-00000000000${n}`,
  callerNumber: `99890111223${n}`,
  callerName: n === 1 ? "Азиз" : "",
  joinedAt: T0 - waitedMs,
  state: "waiting",
  ...over,
});
const agent = (name: string, status: string, state: string): QueueAgent => ({ name, status, state, since: T0 - 120_000 });

/** support: two callers waiting and agents 1001 (Available, in a call) and 1002 (On Break); sales: 1003 logged out. */
const queueSnapshot = (): LiveSnapshot =>
  sampleSnapshot(T0, 6, {
    queueCallers: [caller(1, "support", 75_000), caller(2, "support", 12_000), caller(3, "sales", 30_000, { state: "answered", agent: "1003", answeredAt: T0 - 20_000 })],
    queueAgents: [agent("1001", "Available", "In a queue call"), agent("1002", "On Break", "Waiting"), agent("1003", "Logged Out", "Idle")],
  });
const TIERS = new Map([["support", ["1001", "1002"]], ["sales", ["1003"]]]);

const tableLines = (f: string) => f.split("\n").filter((l) => /^(support|sales|-) /.test(l.trimStart()));

async function openQueues(opts: Parameters<typeof renderDashboard>[0] = {}) {
  const d = renderDashboard({ snapshot: queueSnapshot(), tiers: TIERS, ...opts });
  await d.waitFor((f) => f.includes("CALLER"));
  await d.press("6");
  // The agent lists arrive after the view opens, as GET /api/v1/queues answers.
  const grouped = (f: string) => tableLines(f).every((l) => !l.trimStart().startsWith("-"));
  await d.waitFor((f) => f.includes("QUEUE↑") && tableLines(f).length === 6 && grouped(f), "the queues table");
  return d;
}

describe("callboard top :queues", () => {
  test("per queue: callers waiting, longest first, with how long they have waited, then the agents with status and state", async () => {
    const d = await openQueues();
    const f = d.frame();
    expect(d.calls).toContain("queues");
    expect(tableLines(f).map((l) => l.replace(/\s+/g, " ").trim())).toEqual([
      "sales caller 998901112233 answered agent 1003 0:10",
      "sales agent 1003 Logged Out Idle 2:00",
      "support caller 998901112231 Азиз waiting - 1:15",
      "support caller 998901112232 waiting - 0:12",
      "support agent 1001 Available In a queue call 2:00",
      "support agent 1002 On Break Waiting 2:00",
    ]);
    expect(f).toContain("s agent status");
    expect(f).toMatch(/calls\/min 6 +queued 2\n/);
  });

  test("the time waited ticks without events; an answered caller's wait stops", async () => {
    const d = await openQueues();
    d.clock.now += 60_000;
    const f = await d.waitFor((f) => f.includes(" 2:15"), "the wait to tick");
    expect(f).toContain(" 1:12");
    expect(tableLines(f)[0]).toMatch(/ 0:10$/);
  });

  test("callers and agents follow the stream: a caller joins, an agent goes on break", async () => {
    const d = await openQueues();
    d.store.apply({ type: "change", seq: 2, kind: "queueCaller", op: "upsert", key: "new", value: caller(4, "sales", 0, { id: "new" }) });
    d.store.apply({ type: "change", seq: 3, kind: "queueAgent", op: "upsert", key: "1001", value: { ...agent("1001", "On Break", "Waiting"), since: T0 } });
    d.store.apply({ type: "change", seq: 4, kind: "queueCaller", op: "remove", key: caller(2, "support", 0).id });
    d.store.flush();
    const f = await d.waitFor((f) => f.includes("998901112234"), "the new caller");
    expect(f).not.toContain("998901112232");
    expect(f).toContain("queued 2");
    expect(f).toMatch(/support +agent +1001 +On Break +Waiting +0:00/);
  });

  test("s moves the selected agent to the next status through the API, and says so", async () => {
    const d = await openQueues();
    await d.press("/1001\r");
    await d.waitFor((f) => tableLines(f).length === 1);
    await d.press("s");
    await d.waitFor((f) => f.includes("agent 1001: On Break"));
    await d.press(KEY.esc, "/1002\r");
    await d.waitFor((f) => tableLines(f).length === 1 && f.includes("1002"));
    await d.press("s");
    await d.waitFor((f) => f.includes("agent 1002: Logged Out"));
    await d.press(KEY.esc, "/1003\r");
    await d.waitFor((f) => tableLines(f).length === 2 && !f.includes("1002"));
    await d.press(KEY.down, "s");
    await d.waitFor((f) => f.includes("agent 1003: Available"));
    expect(d.calls.filter((c) => c.startsWith("agent-status"))).toEqual(["agent-status 1001 On Break", "agent-status 1002 Logged Out", "agent-status 1003 Available"]);
  });

  test("s on a caller, or on another view, changes nothing", async () => {
    const d = await openQueues();
    await d.press("s");
    await d.waitFor((f) => f.includes("agent status: select an agent in :queues first"));
    await d.press("1", "s");
    await d.waitFor((f) => f.includes("CALLER") && f.includes("select an agent"));
    expect(d.calls.filter((c) => c.startsWith("agent-status"))).toEqual([]);
  });

  test("an API refusal is shown in the footer", async () => {
    const d = await openQueues({ answer: () => ({ ok: false, status: 404, message: "404: no agent 1001 (extension)" }) });
    await d.press("/1001\r", "s");
    await d.waitFor((f) => f.includes("404: no agent 1001"));
  });

  test("--readonly refuses s, and the help marks it", async () => {
    const d = await openQueues({ readonly: "--readonly" });
    await d.press("/1001\r", "s");
    await d.waitFor((f) => f.includes("read-only (--readonly): agent status is disabled"));
    expect(d.calls.filter((c) => c.startsWith("agent-status"))).toEqual([]);
    await d.press("?");
    const f = await d.waitFor((f) => f.includes("keys (queues)"));
    expect(f).toMatch(/s +queues: next status for the agent \(Available, On Break, Logged Out\) \(read-only\)/);
  });

  test(":queues opens the view; without the queues' agent lists the agents show under no queue", async () => {
    const d = renderDashboard({ snapshot: queueSnapshot() });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(":queues\r");
    const f = await d.waitFor((f) => f.includes("QUEUE↑") && tableLines(f).length === 6);
    expect(tableLines(f).slice(-3).map((l) => l.replace(/\s+/g, " ").trim().split(" ").slice(0, 3).join(" "))).toEqual(["- agent 1001", "- agent 1002", "- agent 1003"]);
  });
});
