/**
 * `api callcenter_config …` as mod_callcenter answers it (cc_config_api_function):
 * the agent, tier and queue commands callboard sends, with FreeSWITCH's
 * reply texts. Arguments split on spaces, quotes keeping a space in one
 * argument (`agent set status 1001 'On Break'`), as switch_separate_string does.
 */
import { SITES } from "./calling-sites.ts";
import type { QueueConf } from "./callcenter-config.ts";
import { agentStateChange, ccEvent } from "./callcenter-events.ts";
import { AGENT_STATES, AGENT_STATUSES } from "./callcenter-state.ts";
import type { Callcenter } from "./callcenter.ts";

const QUEUE_COLUMNS =
  "name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status";

export function splitArguments(arg: string): string[] {
  const out: string[] = [];
  for (const match of arg.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3] ?? "");
  return out;
}

const OK = "+OK\n";
const INVALID = "-ERR Invalid!\n";

export async function callcenterConfig(cc: Callcenter, arg: string | undefined): Promise<string> {
  const w = splitArguments(arg ?? "");
  const [section = "", action = "", a1, a2, a3] = w;
  const { state } = cc;
  if (w.length < 2) return INVALID;
  if (section === "agent") {
    if (action === "del") return a1 ? (state.deleteAgent(a1), OK) : INVALID;
    if (action === "reload") return a1 ? ((await state.reloadAgent(a1)) ? OK : "-ERR Unknown Error!\n") : INVALID;
    if (action === "set") {
      if (!a1 || !a2 || a3 === undefined) return INVALID;
      const agent = state.agents.get(a2);
      if (a1 === "status") {
        if (!AGENT_STATUSES.includes(a3)) return "-ERR Invalid Agent Status!\n";
        if (!agent) return "-ERR Agent not found!\n";
        state.setStatus(agent, a3);
        return OK;
      }
      if (a1 === "state") {
        if (!AGENT_STATES.includes(a3)) return "-ERR Invalid Agent State!\n";
        if (!agent) return "-ERR Agent not found!\n";
        agent.state = a3;
        agentStateChange(cc.model, agent.name, a3);
        return OK;
      }
      return "-ERR Invalid Agent Update KEY!\n";
    }
    if (action === "get") {
      if (!a1 || !a2) return INVALID;
      const agent = state.agents.get(a2);
      if (!agent) return "-ERR Agent not found!\n";
      if (a1 !== "status" && a1 !== "state") return "-ERR Invalid Agent Update KEY!\n";
      const value = a1 === "status" ? agent.status : agent.state;
      ccEvent(cc.model, SITES.ccAgentGet, [["CC-Agent", agent.name], ["CC-Action", `agent-${a1}-get`], [`CC-Agent-${a1 === "status" ? "Status" : "State"}`, value]]);
      // cc_agent_get's value goes out as it is, with no newline.
      return value;
    }
  }
  if (section === "tier" && action === "del") return a1 && a2 ? (state.deleteTier(a1, a2), OK) : INVALID;
  if (section === "queue") {
    if (action === "list" && !a1) return `${QUEUE_COLUMNS}\n${[...state.queues.values()].map(queueRow).join("")}+OK\n`;
    if (!a1) return INVALID;
    if (action === "unload") return state.queues.delete(a1), OK;
    if (action === "load" || action === "reload") {
      if (action === "reload") state.queues.delete(a1);
      return (await state.loadQueue(a1, true)) ? OK : "-ERR Invalid Queue not found!\n";
    }
  }
  // cc_config_api_function writes nothing for a command it does not know.
  return "";
}

/** A `queue list` row: the loaded queue's settings as callboard's callcenter.conf gives them. */
function queueRow(q: QueueConf): string {
  return `${q.name}|${q.strategy}|${q.moh}|system|false|300|true|true|60|false|${q.maxWaitSeconds}|${q.noAgentMaxWaitSeconds}|0||0|0|0|true|On Break\n`;
}
