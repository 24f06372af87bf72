/**
 * Call-centre queues (FreeSWITCH's mod_callcenter): a caller waits with music
 * on hold until one of the queue's agents answers; after the queue's max
 * wait (or while no agent is logged in, past its no-agent wait) the
 * `callcenter` application returns and the call goes to the queue's
 * fallback. Agents are extensions, rung as `user/N@domain`, so every
 * registered phone of the extension rings. Fallbacks are extensions, ring
 * groups, a time condition or a hang-up: a queue never reaches a gateway, so
 * a DID may point at one. A time condition is decided when the caller leaves
 * the queue, not when they joined it (the call is transferred to context
 * `forward`, as a ring group's is), and its destinations are a DID's.
 */
import type { RoutingLookup } from "./route-decision.ts";
import { ringGroupTarget, type RingCaller, type RingStep } from "./ring-groups.ts";
import { isHangupCause, type RingGroupHangupCause } from "./safe-values.ts";

export const QUEUE_STRATEGIES = ["longest-idle-agent", "ring-all", "round-robin", "top-down"] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

/** mod_callcenter's agent statuses, spelled as it spells them (cc_agent_status_table). */
export const AGENT_STATUSES = ["Available", "On Break", "Logged Out"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const QUEUE_FALLBACK_TYPES = ["extension", "ring_group", "time_condition", "hangup"] as const;
export type QueueFallback = { type: (typeof QUEUE_FALLBACK_TYPES)[number]; target: string };

/** Queues are named like ring groups: `support`, `night-desk`; the name is mod_callcenter's queue name as it is. */
export const QUEUE_NAME = /^[a-z0-9_-]{1,32}$/;
export type QueueTier = { agent: string; level: number; position: number };

/** A queue as the routing and callcenter.conf read it. */
export type QueueRow = {
  name: string;
  strategy: QueueStrategy;
  musicOnHold: string | null;
  maxWaitSeconds: number;
  noAgentMaxWaitSeconds: number;
  fallback: QueueFallback;
  tiers: readonly QueueTier[];
  enabled: boolean;
};

export type AgentRow = { extension: string; status: AgentStatus; wrapUpSeconds: number; maxNoAnswer: number };

export type QueueTarget = {
  kind: "queue";
  queue: string;
  /** What rings after the caller leaves the queue unanswered: the fallback's steps. */
  fallbackSteps: RingStep[];
  /** How the call ends when nothing after the queue answered (and there is no time condition to go to). */
  hangupCause: RingGroupHangupCause;
  /** When nothing after the queue answered, the call goes on to this time condition, decided then. */
  timeCondition?: string;
  record: boolean;
  notes: string[];
};

type QueueLookup = Pick<RoutingLookup, "extension" | "ringGroup">;

/** The call a queue makes: wait in it, then its fallback (an extension, a ring group's steps, a time condition, or a hang-up). */
export function queueTarget(queue: QueueRow, rows: QueueLookup, caller: RingCaller, record: boolean): QueueTarget {
  const base = { kind: "queue" as const, queue: queue.name, record };
  const { type, target } = queue.fallback;
  if (type === "hangup") {
    if (isHangupCause(target)) return { ...base, fallbackSteps: [], hangupCause: target, notes: [] };
    return { ...base, fallbackSteps: [], hangupCause: "NO_ANSWER", notes: [`queue ${queue.name}: fallback cause ${target.slice(0, 40)} is not one callboard hangs up with; NO_ANSWER`] };
  }
  if (type === "extension") {
    const ext = rows.extension(target);
    if (!ext?.enabled) return { ...base, fallbackSteps: [], hangupCause: "NO_ANSWER", notes: [`queue ${queue.name}: fallback extension ${target} is missing or disabled`] };
    return { ...base, fallbackSteps: [{ kind: "extension", number: ext.number }], hangupCause: "NO_ANSWER", notes: [] };
  }
  if (type === "time_condition") return { ...base, fallbackSteps: [], hangupCause: "NO_ANSWER", timeCondition: target, notes: [] };
  const group = rows.ringGroup(target);
  if (!group?.enabled) return { ...base, fallbackSteps: [], hangupCause: "NO_ANSWER", notes: [`queue ${queue.name}: fallback ring group ${target} is missing or disabled`] };
  const rung = ringGroupTarget(group, rows, caller, record);
  return { ...base, fallbackSteps: rung.steps, hangupCause: rung.hangupCause, ...(rung.timeCondition === undefined ? {} : { timeCondition: rung.timeCondition }), notes: rung.notes };
}

/** The answer's log line: `queue support → ring group sales → NO_ANSWER`, `queue support → time condition office`. */
export function queueOutcome(t: QueueTarget): string {
  const steps = t.fallbackSteps.map((s) => (s.kind === "extension" ? `extension ${s.number}` : `ring group ${s.group}`));
  const end = t.timeCondition === undefined ? t.hangupCause : `time condition ${t.timeCondition}`;
  return `queue ${t.queue} → ${[...steps, end].join(" → ")}`;
}
