import { describe, expect, test } from "bun:test";
import { sampleSnapshot } from "../../test/support/sample-state.ts";
import type { QueueAgent, QueueCaller, StreamMessage } from "./api-types.ts";
import { createTuiStore } from "./store.ts";
import type { QueueRow } from "./views/queues-view.ts";

const T0 = 1_750_000_000_000;

const caller = (n: number, queue: string, joinedAt: number): QueueCaller => ({
  id: `member-${n}`,
  queue,
  channel: `chan-${n}`,
  callerNumber: `99890111000${n}`,
  callerName: `Caller ${n}`,
  joinedAt,
  state: "waiting",
});
const agent = (name: string, status: string, state = "Waiting"): QueueAgent => ({ name, status, state, since: T0 - 5000 });

function storeWith(callers: QueueCaller[], agents: QueueAgent[]) {
  const store = createTuiStore({ now: () => T0, flushIntervalMs: 0 });
  store.apply({ type: "snapshot", ...sampleSnapshot(T0, 0, { queueCallers: callers, queueAgents: agents }) });
  store.flush();
  const rows = () => {
    store.flush();
    return store.rows<QueueRow>({ view: "queues", filter: "", sort: { letter: "Q", desc: false } }).rows.map((r) => r.key);
  };
  return { store, rows };
}

describe("tui store: queues", () => {
  test("the snapshot's callers and agents become the queues view's rows, per queue, longest waiting caller first", () => {
    const { store, rows } = storeWith([caller(1, "support", T0 - 10_000), caller(2, "support", T0 - 40_000), caller(3, "sales", T0 - 1000)], [agent("1001", "Available")]);
    store.setQueueTiers(new Map([["support", ["1001", "1002"]], ["sales", ["1001"]]]));
    expect(rows()).toEqual(["caller:member-3", "agent:sales:1001", "caller:member-2", "caller:member-1", "agent:support:1001", "agent:support:1002"]);
    const unreported = store.row<QueueRow>("queues", "agent:support:1002");
    expect(unreported?.kind === "agent" && unreported.agent.status).toBe("");
  });

  test("queueCaller and queueAgent changes add, update and remove rows", () => {
    const { store, rows } = storeWith([], []);
    const versions = store.getState().versions.queues;
    // Spread into a change whose kind and value the StreamMessage type checks.
    type Body<M> = M extends { type: "change" } ? Omit<M, "type" | "seq"> : never;
    const change = (seq: number, m: Body<StreamMessage>) => store.apply({ type: "change", seq, ...m } as StreamMessage);
    change(2, { kind: "queueCaller", op: "upsert", key: "member-1", value: caller(1, "support", T0) });
    change(3, { kind: "queueAgent", op: "upsert", key: "1001", value: agent("1001", "Available") });
    expect(rows()).toEqual(["caller:member-1", "agent::1001"]);
    expect(store.getState().counts.queued).toBe(1);
    expect(store.getState().versions.queues).toBeGreaterThan(versions);
    change(4, { kind: "queueAgent", op: "upsert", key: "1001", value: agent("1001", "On Break") });
    change(5, { kind: "queueCaller", op: "remove", key: "member-1" });
    expect(rows()).toEqual(["agent::1001"]);
    expect(store.getState().counts.queued).toBe(0);
    const row = store.row<QueueRow>("queues", "agent::1001");
    expect(row?.kind === "agent" && row.agent.status).toBe("On Break");
    change(6, { kind: "queueAgent", op: "remove", key: "1001" });
    expect(rows()).toEqual([]);
  });

  test("a change older than the snapshot does not bring a caller back", () => {
    const { store, rows } = storeWith([], []);
    store.apply({ type: "change", seq: 1, kind: "queueCaller", op: "upsert", key: "member-9", value: caller(9, "support", T0) });
    expect(rows()).toEqual([]);
  });
});
