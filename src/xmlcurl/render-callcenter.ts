/**
 * callcenter.conf for mod_callcenter, from callboard's queues and agents.
 *
 * mod_callcenter keeps agents and tiers in its own SQLite database and
 * reads them from this file only when the module loads (a queue is read
 * again on `callcenter_config queue load|reload` and when a call first asks
 * for one it has not loaded). `truncate-agents-on-load` and
 * `truncate-tiers-on-load` make each load start from exactly what callboard
 * holds; between loads callboard changes agents and tiers live over ESL
 * (src/api/queues/apply-to-freeswitch.ts).
 *
 * Agents are callback agents named by their extension number; the contact is
 * `user/N@domain`, which FreeSWITCH resolves through the directory at the
 * moment it rings the agent (action=user_call), where callboard answers with
 * a dial string naming every registered phone (user-dial-string.ts). The
 * contact is stored by mod_callcenter, so it must stay valid while phones
 * come and go: the registrations themselves are not written into it.
 */
import { create } from "xmlbuilder2";
import { AGENT_STATUSES, type AgentRow, QUEUE_NAME, QUEUE_STRATEGIES, type QueueRow } from "../pbx/queues.ts";
import { EXTENSION_NUMBER, HOST_NAME, isSafeDir, SOUND_NAME } from "../pbx/safe-values.ts";
import type { Rendered } from "./render-directory.ts";

export type CallcenterOptions = {
  domain: string;
  /** Where uploaded sounds are (POST /api/v1/sounds/{name}); a queue's music on hold is `<soundsDir>/<name>.wav`, the file FreeSWITCH reads. */
  soundsDir?: string;
};

/** Ringback (440+480 Hz, 2 s on, 4 s off), repeated: what a caller hears while waiting when the queue has no music. */
export const DEFAULT_MOH = "tone_stream://%(2000,4000,440,480);loops=-1";

const whole = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;

function musicOnHold(q: QueueRow, o: CallcenterOptions, problems: string[]): string {
  if (q.musicOnHold === null) return DEFAULT_MOH;
  if (o.soundsDir && isSafeDir(o.soundsDir) && SOUND_NAME.test(q.musicOnHold)) {
    return `${o.soundsDir.replace(/\/+$/, "")}/${q.musicOnHold}.wav`;
  }
  problems.push(`queue ${q.name}: music on hold ${q.musicOnHold.slice(0, 40)} cannot be played; ringback instead`);
  return DEFAULT_MOH;
}

function queueParams(q: QueueRow, o: CallcenterOptions, problems: string[]): [string, string][] {
  return [
    ["strategy", q.strategy],
    ["moh-sound", musicOnHold(q, o, problems)],
    ["time-base-score", "system"],
    ["max-wait-time", String(q.maxWaitSeconds)],
    ["max-wait-time-with-no-agent", String(q.noAgentMaxWaitSeconds)],
    // No grace period on top of max-wait-time-with-no-agent: the admin's number is the wait.
    ["max-wait-time-with-no-agent-time-reached", "0"],
    ["tier-rules-apply", "false"],
    ["discard-abandoned-after", "60"],
    ["abandoned-resume-allowed", "false"],
  ];
}

const queueOk = (q: QueueRow) =>
  QUEUE_NAME.test(q.name) &&
  (QUEUE_STRATEGIES as readonly string[]).includes(q.strategy) &&
  whole(q.maxWaitSeconds, 86_400) &&
  whole(q.noAgentMaxWaitSeconds, 86_400);

const agentOk = (a: AgentRow) =>
  EXTENSION_NUMBER.test(a.extension) && (AGENT_STATUSES as readonly string[]).includes(a.status) && whole(a.wrapUpSeconds, 3_600) && whole(a.maxNoAnswer, 100);

/** Enabled queues with their tiers, and every agent; a row that fails its pattern is left out and named in `problems`. */
export function renderCallcenter(queues: Iterable<QueueRow>, agents: readonly AgentRow[], o: CallcenterOptions): Rendered {
  const problems: string[] = [];
  const configuration = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "configuration" })
    .ele("configuration", { name: "callcenter.conf", description: "callboard" });
  const settings = configuration.ele("settings");
  settings.ele("param", { name: "truncate-agents-on-load", value: "true" });
  settings.ele("param", { name: "truncate-tiers-on-load", value: "true" });

  const goodAgents = new Set<string>();
  const agentList = configuration.ele("agents");
  if (!HOST_NAME.test(o.domain)) problems.push("domain is not a host name: no agents");
  else {
    for (const a of agents) {
      if (!agentOk(a)) {
        problems.push(`agent ${a.extension.slice(0, 8)} left out: a value is not valid`);
        continue;
      }
      goodAgents.add(a.extension);
      agentList.ele("agent", {
        name: a.extension,
        type: "callback",
        contact: `user/${a.extension}@${o.domain}`,
        status: a.status,
        "max-no-answer": String(a.maxNoAnswer),
        "wrap-up-time": String(a.wrapUpSeconds),
        "reject-delay-time": "10",
        "busy-delay-time": "10",
        "no-answer-delay-time": "10",
      });
    }
  }

  const queueList = configuration.ele("queues");
  const tierList = configuration.ele("tiers");
  for (const q of queues) {
    if (!q.enabled) continue;
    if (!queueOk(q)) {
      problems.push(`queue ${q.name.slice(0, 32)} left out: a value is not valid`);
      continue;
    }
    const el = queueList.ele("queue", { name: q.name });
    for (const [name, value] of queueParams(q, o, problems)) el.ele("param", { name, value });
    for (const t of q.tiers) {
      if (!goodAgents.has(t.agent) || !whole(t.level, 100) || !whole(t.position, 1_000)) {
        problems.push(`queue ${q.name}: tier of agent ${t.agent.slice(0, 8)} left out`);
        continue;
      }
      tierList.ele("tier", { agent: t.agent, queue: q.name, level: String(t.level), position: String(t.position) });
    }
  }
  return { xml: configuration.doc().end({ headless: true }), problems };
}
