import type { LiveSnapshot, QueueAgent, QueueCaller, StreamMessage } from "./api-types.ts";
import { queueRows, type QueueRow, type QueueTiers } from "./views/queues-view.ts";

type Change = Extract<StreamMessage, { type: "change" }>;
type QueueChange = Extract<Change, { kind: "queueCaller" | "queueAgent" }>;

/**
 * The queues view's part of the TUI store: callers and agents as the event
 * stream tells them, and who takes each queue's calls (the tiers, from the
 * API). The view's rows are worked out from them at flush, into `rows` (the
 * store's `queues` map), because a row joins all three.
 */
export function createQueueState(rows: Map<string, QueueRow>) {
  const callers = new Map<string, QueueCaller>();
  const agents = new Map<string, QueueAgent>();
  let tiers: QueueTiers = new Map();

  return {
    fill(s: Pick<LiveSnapshot, "queueCallers" | "queueAgents">) {
      callers.clear();
      for (const c of s.queueCallers) callers.set(c.id, c);
      agents.clear();
      for (const a of s.queueAgents) agents.set(a.name, a);
    },
    /** A change the stream sent: true when it was a queue caller's or agent's, now applied. */
    apply(msg: Change): msg is QueueChange {
      if (msg.kind === "queueCaller") {
        if (msg.op === "remove") callers.delete(msg.key);
        else callers.set(msg.key, msg.value);
        return true;
      }
      if (msg.kind === "queueAgent") {
        if (msg.op === "remove") agents.delete(msg.key);
        else agents.set(msg.key, msg.value);
        return true;
      }
      return false;
    },
    setTiers(next: QueueTiers) {
      tiers = next;
    },
    /** Rebuilds the rows; returns how many callers are waiting (the header's `queued N`). */
    flush(): number {
      rows.clear();
      for (const r of queueRows(callers.values(), agents, tiers)) rows.set(r.key, r);
      return [...callers.values()].filter((c) => c.state === "waiting").length;
    },
  };
}
