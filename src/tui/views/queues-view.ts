import type { QueueAgent, QueueCaller } from "../api-types.ts";
import { formatClock, formatDuration } from "../format.ts";
import { numberAndName, orDash, type Tone, type ViewDef } from "./view-def.ts";

/** The statuses `s` cycles through, in mod_callcenter's spelling (what PUT /agents/{ext}/status takes). */
export const AGENT_STATUS_CYCLE = ["Available", "On Break", "Logged Out"] as const;
export type AgentStatus = (typeof AGENT_STATUS_CYCLE)[number];

/** The status after `status`; one FreeSWITCH has not reported yet starts the cycle. */
export function nextAgentStatus(status: string): AgentStatus {
  const i = AGENT_STATUS_CYCLE.indexOf(status as AgentStatus);
  return AGENT_STATUS_CYCLE[(i + 1) % AGENT_STATUS_CYCLE.length]!;
}

/**
 * One line of the queues view: a caller in its queue, or an agent under each
 * queue it takes calls for ("" when callboard has not said which).
 */
export type QueueRow =
  | { kind: "caller"; key: string; queue: string; caller: QueueCaller }
  | { kind: "agent"; key: string; queue: string; agent: QueueAgent };

/** Queue name → its agents' extensions, from GET /api/v1/queues. */
export type QueueTiers = Map<string, string[]>;

/**
 * The rows from the live callers and agents and the queues' agent lists. An
 * agent FreeSWITCH has not reported on yet still shows, with no status, so a
 * queue's whole team is on screen.
 */
export function queueRows(callers: Iterable<QueueCaller>, agents: Map<string, QueueAgent>, tiers: QueueTiers): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const caller of callers) rows.push({ kind: "caller", key: `caller:${caller.id}`, queue: caller.queue, caller });
  const placed = new Set<string>();
  for (const [queue, names] of tiers) {
    for (const name of names) {
      placed.add(name);
      const agent = agents.get(name) ?? { name, status: "", state: "", since: 0 };
      rows.push({ kind: "agent", key: `agent:${queue}:${name}`, queue, agent });
    }
  }
  for (const agent of agents.values()) {
    if (!placed.has(agent.name)) rows.push({ kind: "agent", key: `agent::${agent.name}`, queue: "", agent });
  }
  return rows;
}

const waited = (c: QueueCaller, now: number) => (c.answeredAt ?? now) - c.joinedAt;

// Per queue: callers first, longest waiting on top, then the agents by extension.
const groupOrder = (r: QueueRow) =>
  [r.queue || "\uffff", r.kind === "caller" ? "0" : "1", r.kind === "caller" ? String(r.caller.joinedAt).padStart(16, "0") : r.agent.name].join("\u0001");

const statusText = (r: QueueRow) => (r.kind === "caller" ? r.caller.state : orDash(r.agent.status));

function statusTone(r: QueueRow): Tone | undefined {
  if (r.kind === "caller") return r.caller.state === "waiting" ? "ringing" : "answered";
  if (r.agent.status === "Available") return "up";
  if (r.agent.status === "On Break") return "warn";
  return "dim";
}

const stateText = (r: QueueRow) =>
  r.kind === "caller" ? (r.caller.agent ? `agent ${r.caller.agent}` : "-") : orDash(r.agent.state);

/** How long the caller has waited (until answered), or how long the agent has been as shown. */
const timeOf = (r: QueueRow, now: number) =>
  r.kind === "caller" ? formatDuration(waited(r.caller, now)) : r.agent.since ? formatDuration(now - r.agent.since) : "-";

const who = (r: QueueRow) => (r.kind === "caller" ? numberAndName(r.caller.callerNumber, r.caller.callerName) : r.agent.name);

export const queuesView: ViewDef<QueueRow> = {
  id: "queues",
  hotkey: "6",
  aliases: ["queues", "queue", "callcenter"],
  key: (r) => r.key,
  agent: (r) => (r.kind === "agent" ? { name: r.agent.name, status: r.agent.status } : undefined),
  defaultSort: { letter: "Q", desc: false },
  columns: [
    { title: "QUEUE", sortLetter: "Q", width: 10, grow: 1, priority: 1, text: (r) => orDash(r.queue), sortValue: groupOrder },
    { title: "", width: 6, priority: 1, text: (r) => r.kind },
    { title: "WHO", sortLetter: "W", width: 14, grow: 2, priority: 1, text: who, sortValue: who },
    { title: "STATUS", sortLetter: "S", width: 10, priority: 1, text: statusText, sortValue: statusText, tone: statusTone },
    { title: "STATE", sortLetter: "T", width: 14, grow: 1, priority: 1, text: stateText, sortValue: stateText },
    {
      title: "TIME",
      sortLetter: "A",
      width: 7,
      priority: 1,
      align: "right",
      text: timeOf,
      sortValue: (r) => -(r.kind === "caller" ? r.caller.joinedAt : r.agent.since),
      tone: (r, now) => (r.kind === "caller" && r.caller.state === "waiting" && waited(r.caller, now) >= 60_000 ? "warn" : undefined),
    },
  ],
  searchText: (r) =>
    r.kind === "caller"
      ? ["caller", r.queue, r.caller.state, r.caller.callerNumber, r.caller.callerName, r.caller.agent, r.caller.id, r.caller.channel].filter(Boolean).join(" ")
      : ["agent", r.queue, r.agent.name, r.agent.status, r.agent.state].filter(Boolean).join(" "),
  details: (r, now) =>
    r.kind === "caller"
      ? [
          ["caller", numberAndName(r.caller.callerNumber, r.caller.callerName)],
          ["queue", r.queue],
          ["state", r.caller.state],
          ["joined", `${formatClock(r.caller.joinedAt)} (waited ${formatDuration(waited(r.caller, now))})`],
          ["agent", orDash(r.caller.agent)],
          ["answered", r.caller.answeredAt ? formatClock(r.caller.answeredAt) : "-"],
          ["member", r.caller.id],
          ["channel", r.caller.channel],
        ]
      : [
          ["agent", r.agent.name],
          ["queue", orDash(r.queue)],
          ["status", orDash(r.agent.status)],
          ["state", orDash(r.agent.state)],
          ["since", r.agent.since ? `${formatClock(r.agent.since)} (${formatDuration(now - r.agent.since)} ago)` : "-"],
        ],
};
