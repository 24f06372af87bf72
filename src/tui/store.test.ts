import { describe, expect, test } from "bun:test";
import type { StreamMessage } from "./api-types.ts";
import { sampleCall, sampleChannel, sampleSnapshot } from "../../test/support/sample-state.ts";
import { createTuiStore } from "./store.ts";

const T0 = 1_750_000_000_000;

/** A store on a hand-turned clock: timers run only when the test says so. */
function manualStore() {
  let clock = T0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const store = createTuiStore({
    now: () => clock,
    setTimer: (fn, ms) => {
      const t = { at: clock + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const t of timers.filter((t) => t.at <= clock)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { store, advance, pending: () => timers.length, now: () => clock };
}

const snapshot = (channels = 6): StreamMessage => ({ type: "snapshot", ...sampleSnapshot(T0, channels) });
const upsert = (seq: number, n: number): StreamMessage => ({
  type: "change",
  seq,
  kind: "channel",
  op: "upsert",
  key: sampleChannel(n, T0).uuid,
  value: sampleChannel(n, T0),
});
const q = (filter = "", letter = "C", desc = false) => ({ view: "channels" as const, filter, sort: { letter, desc } });

describe("tui store", () => {
  test("a burst of events reaches the screen as one update per 100 ms", () => {
    const { store, advance } = manualStore();
    let notified = 0;
    store.subscribe(() => notified++);
    store.apply(snapshot());
    advance(0);
    expect(notified).toBe(1);
    for (let i = 0; i < 50; i++) store.apply(upsert(2 + i, 100 + i));
    advance(50);
    expect(notified).toBe(1);
    advance(50);
    expect(notified).toBe(2);
    expect(store.getState().counts.channels).toBe(56);
  });

  test("the header counts follow the snapshot and the changes", () => {
    const { store, advance } = manualStore();
    store.apply(snapshot(3));
    store.apply({ type: "change", seq: 2, kind: "channel", op: "remove", key: sampleChannel(1, T0).uuid });
    store.apply({ type: "change", seq: 3, kind: "gateway", op: "upsert", key: "backup", value: { name: "backup", state: "REGED", since: T0 } });
    advance(100);
    const s = store.getState();
    expect(s.counts).toEqual({ channels: 2, calls: 3, regs: 4, gatewaysUp: 2, gatewaysDown: 0, queued: 0 });
    expect(s.synced).toBe(true);
    expect(s.status.version).toContain("1.10");
  });

  test("a change older than the snapshot is ignored", () => {
    const { store, advance } = manualStore();
    store.apply({ ...(snapshot(2) as object), seq: 10 } as StreamMessage);
    store.apply(upsert(9, 500));
    store.apply(upsert(11, 501));
    advance(100);
    expect(store.getState().counts.channels).toBe(3);
  });

  test("rows sort by the chosen column, either way", () => {
    const { store, advance } = manualStore();
    store.apply(snapshot(5));
    advance(0);
    const up = store.rows<{ callerNumber: string }>(q("", "C", false)).rows.map((r) => r.callerNumber);
    const down = store.rows<{ callerNumber: string }>(q("", "C", true)).rows.map((r) => r.callerNumber);
    expect(up).toEqual(["1002", "1003", "1004", "1005", "1006"]);
    expect(down).toEqual([...up].reverse());
  });

  test("the filter is a case-insensitive regex and a leading ! keeps the rest", () => {
    const { store, advance } = manualStore();
    store.apply(snapshot(6));
    advance(0);
    const matched = store.rows<{ callerNumber: string }>(q("\\b100[23]\\b")).rows.map((r) => r.callerNumber);
    expect(matched).toEqual(["1002", "1003"]);
    const rest = store.rows<{ callerNumber: string }>(q("!\\b100[23]\\b")).rows.map((r) => r.callerNumber);
    expect(rest).toEqual(["1004", "1005", "1006", "1007"]);
    expect(store.rows(q("оператор")).rows).toHaveLength(1);
  });

  test("an invalid regex is matched literally and reported instead of failing", () => {
    const { store, advance } = manualStore();
    store.apply(snapshot(3));
    advance(0);
    const result = store.rows(q("100("));
    expect(result.filter?.error).toBeTruthy();
    expect(result.rows).toHaveLength(0);
  });

  test("rows are computed once per update, not once per render", () => {
    const { store, advance } = manualStore();
    store.apply(snapshot(20));
    advance(0);
    const a = store.rows(q("10"));
    expect(store.rows(q("10"))).toBe(a);
    store.apply(upsert(2, 1));
    advance(100);
    expect(store.rows(q("10"))).not.toBe(a);
  });

  test("memory stays bounded: ended channels leave and the last-minute tally forgets", () => {
    const { store, advance, now } = manualStore();
    store.apply(snapshot(0));
    let seq = 2;
    for (let n = 0; n < 5000; n++) {
      const ch = sampleChannel(n, now());
      store.apply({ type: "change", seq: seq++, kind: "channel", op: "upsert", key: ch.uuid, value: ch });
      store.apply({ type: "change", seq: seq++, kind: "call", op: "upsert", key: ch.callId, value: { ...sampleCall(ch), createdAt: now() } });
      store.apply({ type: "change", seq: seq++, kind: "call", op: "remove", key: ch.callId });
      store.apply({ type: "change", seq: seq++, kind: "channel", op: "remove", key: ch.uuid });
    }
    advance(100);
    expect(store.callsInLastMinute()).toBe(5000);
    advance(61_000);
    store.apply(upsert(seq++, 1));
    advance(100);
    expect(store.callsInLastMinute()).toBe(0);
    expect(store.sizes()).toEqual({ channels: 1, calls: 0, regs: 4, gateways: 2, cdrs: 0, queues: 0, dids: 0, recentCalls: 0 });
  });

  test("no timer is left behind when nothing changed", () => {
    const { store, advance, pending } = manualStore();
    store.apply(snapshot(1));
    advance(100);
    expect(pending()).toBe(0);
  });
});
