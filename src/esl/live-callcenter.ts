/**
 * Queue state from mod_callcenter's CUSTOM callcenter::info events: callers
 * waiting (member-queue-start until member-queue-end, answered once
 * bridge-agent-start names the agent) and agents' status and state
 * (agent-status-change, agent-state-change, and the agent named in
 * bridge-agent-start/-end). Other actions (members-count, agent-offering,
 * bridge-agent-fail, …) change nothing shown.
 */
import type { QueueAgentState, QueueCaller } from "./live-types.ts";
import type { CallcenterAgent, CallcenterMember } from "./parse-callcenter-lists.ts";

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

/**
 * mod_callcenter fires no event when an agent is deleted: callboard sends
 * `callcenter_config agent del` as bgapi, and its BACKGROUND_JOB (seen by
 * every event socket client) drops the agent once FreeSWITCH answered +OK.
 */
export function reduceCallcenterJob(s: CallcenterState, h: Readonly<Record<string, string>>, body: string): CallcenterStep {
  if (h["Job-Command"] !== "callcenter_config" || !body.startsWith("+OK")) return {};
  const name = /^agent del (\S+)$/.exec((h["Job-Command-Arg"] ?? "").trim())?.[1];
  if (!name || !s.queueAgents.has(name)) return {};
  const agents = new Map(s.queueAgents);
  agents.delete(name);
  return { agents, agentKey: name };
}

const CALLER_STATES = new Set(["Waiting", "Trying", "Answered"]);

/**
 * The agents as `callcenter_config agent list` gives them, after a
 * (re)connect: what the events said before may be stale (a FreeSWITCH
 * restart), missing (callboard started) or deleted. An unchanged agent
 * keeps the time the events gave; otherwise its last status change.
 */
export function agentsFromList(list: readonly CallcenterAgent[], prev: ReadonlyMap<string, QueueAgentState>, now: number): Map<string, QueueAgentState> {
  return new Map(
    list.map((a) => {
      const old = prev.get(a.name);
      const since = old && old.status === a.status && old.state === a.state ? old.since : a.lastStatusChange > 0 ? a.lastStatusChange * 1000 : now;
      return [a.name, { name: a.name, status: a.status, state: a.state, since }];
    }),
  );
}

/**
 * The callers as `callcenter_config queue list members` gives them: each one
 * waiting, being offered or answered whose channel is still up. Abandoned
 * members stay in mod_callcenter's table a while (discard-abandoned-after)
 * and are not callers any more. Times known from events are kept: the
 * table has whole seconds only.
 */
export function callersFromMembers(
  members: readonly CallcenterMember[],
  channelUp: (uuid: string) => boolean,
  prev: ReadonlyMap<string, QueueCaller>,
): Map<string, QueueCaller> {
  const out = new Map<string, QueueCaller>();
  for (const m of members) {
    if (!CALLER_STATES.has(m.state) || !channelUp(m.sessionUuid)) continue;
    const old = prev.get(m.uuid);
    const answered = m.state === "Answered";
    const answeredAt = old?.answeredAt ?? (m.bridgeEpoch > 0 ? m.bridgeEpoch * 1000 : undefined);
    out.set(m.uuid, {
      id: m.uuid,
      queue: m.queue,
      channel: m.sessionUuid,
      callerNumber: m.callerNumber,
      callerName: m.callerName,
      joinedAt: old?.joinedAt ?? m.joinedEpoch * 1000,
      state: answered ? "answered" : "waiting",
      ...(answered && m.servingAgent ? { agent: m.servingAgent } : {}),
      ...(answered && answeredAt !== undefined ? { answeredAt } : {}),
    });
  }
  return out;
}
