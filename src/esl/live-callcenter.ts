/**
 * Queue state from mod_callcenter's CUSTOM callcenter::info events: callers
 * waiting (member-queue-start until member-queue-end, answered once
 * bridge-agent-start names the agent) and agents' status and state
 * (agent-status-change, agent-state-change, and the agent named in
 * bridge-agent-start/-end). Other actions (members-count, agent-offering,
 * bridge-agent-fail, …) change nothing shown.
 */
import type { QueueAgentState, QueueCaller } from "./live-types.ts";

export type CallcenterState = {
  readonly queueCallers: ReadonlyMap<string, QueueCaller>;
  readonly queueAgents: ReadonlyMap<string, QueueAgentState>;
};

export type CallcenterStep = { callers?: Map<string, QueueCaller>; agents?: Map<string, QueueAgentState>; callerKey?: string; agentKey?: string };

/** Event-Date-Timestamp is microseconds since the epoch. */
const eventTime = (h: Readonly<Record<string, string>>, now: number) => {
  const us = Number(h["Event-Date-Timestamp"]);
  return Number.isFinite(us) && us > 0 ? Math.floor(us / 1000) : now;
};

const agentOf = (s: CallcenterState, name: string, now: number): QueueAgentState => s.queueAgents.get(name) ?? { name, status: "", state: "", since: now };

export function reduceCallcenter(s: CallcenterState, h: Readonly<Record<string, string>>, now: number): CallcenterStep {
  const action = h["CC-Action"] ?? "";
  const member = h["CC-Member-UUID"] ?? "";
  if ((action === "member-queue-start" || action === "member-queue-resume") && member) {
    const caller: QueueCaller = {
      id: member,
      queue: h["CC-Queue"] ?? "",
      channel: h["CC-Member-Session-UUID"] ?? "",
      callerNumber: h["CC-Member-CID-Number"] ?? "",
      callerName: h["CC-Member-CID-Name"] ?? "",
      joinedAt: eventTime(h, now),
      state: "waiting",
    };
    return { callers: new Map(s.queueCallers).set(member, caller), callerKey: member };
  }
  if (action === "member-queue-end" && member) {
    if (!s.queueCallers.has(member)) return {};
    const callers = new Map(s.queueCallers);
    callers.delete(member);
    return { callers, callerKey: member };
  }
  const name = h["CC-Agent"] ?? "";
  if (!name) return {};
  if (action === "agent-status-change") {
    const agent = { ...agentOf(s, name, now), status: h["CC-Agent-Status"] ?? "", since: eventTime(h, now) };
    return { agents: new Map(s.queueAgents).set(name, agent), agentKey: name };
  }
  if (action === "agent-state-change") {
    const agent = { ...agentOf(s, name, now), state: h["CC-Agent-State"] ?? "", since: eventTime(h, now) };
    return { agents: new Map(s.queueAgents).set(name, agent), agentKey: name };
  }
  if (action === "bridge-agent-start" && member) {
    const caller = s.queueCallers.get(member);
    if (!caller) return {};
    return { callers: new Map(s.queueCallers).set(member, { ...caller, state: "answered", agent: name, answeredAt: eventTime(h, now) }), callerKey: member };
  }
  return {};
}
