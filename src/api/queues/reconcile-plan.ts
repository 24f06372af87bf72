/**
 * What to send mod_callcenter so that it holds what callboard's database
 * says, from what it holds now (its agent, tier and queue lists). Only what
 * differs is touched: a reconcile runs on every ESL connect and after every
 * failed command, often while callers wait, so it reloads no queue and sets
 * no status that is already right (`agent set status` to anything but
 * Available also hangs up an offer in progress to that agent).
 *
 * Order: tiers and queues that should not be there go first, then agents
 * that should not, then queues loaded or reloaded — which read every agent
 * of callcenter.conf as well (load_queue with agents), so agents are then
 * already right — else each agent that differs is reloaded, or has only
 * its status set.
 */
import { DEFAULT_MOH } from "../../xmlcurl/render-callcenter.ts";
import type { AgentRow, QueueRow } from "../../pbx/queues.ts";
import type { CallcenterAgent, CallcenterQueue, CallcenterTier } from "../../esl/parse-callcenter-lists.ts";
import { type CallcenterCommand, callcenterCommands as cc } from "./callcenter-commands.ts";

export type WantedCallcenter = {
  /** Enabled queues only: a disabled one is not in callcenter.conf. */
  queues: readonly QueueRow[];
  agents: readonly AgentRow[];
  domain: string;
};

/** What FreeSWITCH lists; `undefined` when it could not be read (a simulator that lists nothing): everything is then sent again. */
export type HeldCallcenter = { agents?: readonly CallcenterAgent[]; tiers?: readonly CallcenterTier[]; queues?: readonly CallcenterQueue[] };

const tierKey = (queue: string, agent: string) => `${queue}\n${agent}`;

/** The music is checked by its file name only: where the sounds directory is belongs to the renderer. */
const sameMusic = (q: QueueRow, held: string) => (q.musicOnHold === null ? held === DEFAULT_MOH : held.endsWith(`/${q.musicOnHold}.wav`));

function queueDiffers(q: QueueRow, held: CallcenterQueue, tiers: readonly CallcenterTier[] | undefined): boolean {
  if (!tiers) return true;
  if (held.strategy !== q.strategy || held.maxWaitSeconds !== q.maxWaitSeconds || held.noAgentMaxWaitSeconds !== q.noAgentMaxWaitSeconds) return true;
  if (!sameMusic(q, held.moh)) return true;
  const heldTiers = new Map(tiers.filter((t) => t.queue === q.name).map((t) => [t.agent, t]));
  return q.tiers.some((t) => {
    const h = heldTiers.get(t.agent);
    return !h || h.level !== t.level || h.position !== t.position;
  });
}

export function planReconcile(wanted: WantedCallcenter, held: HeldCallcenter): CallcenterCommand[] {
  const commands: CallcenterCommand[] = [];
  const queues = new Map(wanted.queues.map((q) => [q.name, q]));
  const agents = new Map(wanted.agents.map((a) => [a.extension, a]));
  const wantedTiers = new Set(wanted.queues.flatMap((q) => q.tiers.map((t) => tierKey(q.name, t.agent))));

  for (const t of held.tiers ?? []) if (!wantedTiers.has(tierKey(t.queue, t.agent))) commands.push(cc.delTier(t.queue, t.agent));
  for (const q of held.queues ?? []) if (!queues.has(q.name)) commands.push(cc.unloadQueue(q.name));
  for (const a of held.agents ?? []) if (!agents.has(a.name)) commands.push(cc.delAgent(a.name));

  const heldQueues = new Map((held.queues ?? []).map((q) => [q.name, q]));
  let queueLoaded = false;
  for (const q of wanted.queues) {
    const h = heldQueues.get(q.name);
    if (h && !queueDiffers(q, h, held.tiers)) continue;
    // `queue load` only for a queue known to be absent: loading a loaded queue again would leave two copies.
    commands.push(h || !held.queues ? cc.reloadQueue(q.name) : cc.loadQueue(q.name));
    queueLoaded = true;
  }
  if (queueLoaded) return commands;

  const heldAgents = held.agents && new Map(held.agents.map((a) => [a.name, a]));
  for (const a of wanted.agents) {
    const h = heldAgents?.get(a.extension);
    const contact = `user/${a.extension}@${wanted.domain}`;
    if (!h || h.contact !== contact || h.wrapUpSeconds !== a.wrapUpSeconds || h.maxNoAnswer !== a.maxNoAnswer) commands.push(cc.reloadAgent(a.extension));
    else if (h.status !== a.status) commands.push(cc.setStatus(a.extension, a.status));
  }
  return commands;
}
