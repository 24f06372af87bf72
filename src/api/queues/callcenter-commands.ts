/**
 * The callcenter_config commands callboard sends, built from database rows.
 * Values are checked again here, where they become an ESL command line: a
 * row written behind the API's back (sqlite3, a broken import) holding
 * `1001\n\napi …` must not reach the socket as a second command. An unsafe
 * value makes the builder return `unsafe` instead of a command, and the
 * applier refuses the whole list without sending any of it.
 *
 * What each does in mod_callcenter 1.10.12 (cc_config_api_function):
 * - `queue load Q` reads the queue from callcenter.conf, with every agent
 *   of the file and the queue's tiers (load_queue with agents and tiers);
 *   `queue reload Q` first drops the loaded queue. Callers waiting stay:
 *   members live in mod_callcenter's database by queue name, and each
 *   caller's thread looks its queue up again on every turn.
 * - `queue unload Q` drops the loaded queue; tiers stay until `tier del`.
 * - `agent reload A` adds or updates one agent from the file (contact,
 *   status, wrap-up, no-answer limit); `agent set status A 'On Break'`
 *   changes the status alone, the quotes keeping the space in one argument.
 * - `reload mod_callcenter` is never sent: with a caller in `callcenter` the
 *   module is in use and FreeSWITCH answers `+OK Reloading XML` followed by
 *   `-ERR unloading module [Module in use.]`, having changed nothing.
 */
import { AGENT_STATUSES, type AgentStatus, QUEUE_NAME } from "../../pbx/queues.ts";
import { EXTENSION_NUMBER } from "../../pbx/safe-values.ts";

/** `background`: sent as bgapi, so every event socket client sees its BACKGROUND_JOB (the live store drops the agent on it). */
export type CallcenterCommand = { text: string; background?: true } | { unsafe: string };

const queue = (name: string) => QUEUE_NAME.test(name);
const agent = (name: string) => EXTENSION_NUMBER.test(name);
const show = (value: string) => JSON.stringify(value.slice(0, 40));

function command(text: string, checks: [ok: boolean, what: string][]): CallcenterCommand {
  const bad = checks.find(([ok]) => !ok);
  return bad ? { unsafe: bad[1] } : { text };
}

export const callcenterCommands = {
  loadQueue: (q: string) => command(`callcenter_config queue load ${q}`, [[queue(q), `queue ${show(q)}`]]),
  reloadQueue: (q: string) => command(`callcenter_config queue reload ${q}`, [[queue(q), `queue ${show(q)}`]]),
  unloadQueue: (q: string) => command(`callcenter_config queue unload ${q}`, [[queue(q), `queue ${show(q)}`]]),
  delTier: (q: string, a: string) =>
    command(`callcenter_config tier del ${q} ${a}`, [
      [queue(q), `queue ${show(q)}`],
      [agent(a), `agent ${show(a)}`],
    ]),
  reloadAgent: (a: string) => command(`callcenter_config agent reload ${a}`, [[agent(a), `agent ${show(a)}`]]),
  delAgent: (a: string): CallcenterCommand => {
    const c = command(`callcenter_config agent del ${a}`, [[agent(a), `agent ${show(a)}`]]);
    return "text" in c ? { ...c, background: true } : c;
  },
  setStatus: (a: string, status: AgentStatus) =>
    command(`callcenter_config agent set status ${a} '${status}'`, [
      [agent(a), `agent ${show(a)}`],
      [(AGENT_STATUSES as readonly string[]).includes(status), `status ${show(status)}`],
    ]),
};
