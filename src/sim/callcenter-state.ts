/**
 * What mod_callcenter keeps: loaded queues (its queue hash), agents and
 * tiers (its SQLite tables), filled from callcenter.conf as FreeSWITCH
 * fills them — all of it when the module loads (truncating agents and
 * tiers, as callboard's settings ask), one queue with every agent and its
 * tiers on `queue load|reload`, one agent on `agent reload`, the queue alone
 * when a call first names it.
 */
import { SITES } from "./calling-sites.ts";
import { agentStatusChange, ccEvent } from "./callcenter-events.ts";
import { readCallcenterConf, type AgentConf, type CallcenterConf, type QueueConf, type TierConf } from "./callcenter-config.ts";
import type { PbxModel } from "./pbx-model.ts";
import type { SwitchXml } from "./xmlcurl-client.ts";
import { callcenterConfRequest } from "./xmlcurl-requests.ts";

export const AGENT_STATUSES = ["Logged Out", "Available", "Available (On Demand)", "On Break"];
export const AGENT_STATES = ["Idle", "Waiting", "Receiving", "In a queue call", "Reserved"];

export type Agent = AgentConf & {
  state: string;
  /** Epoch ms the last queue call ended (longest-idle-agent orders by it). */
  lastBridgeEndMs: number;
  /** Not offered a call before this (wrap-up, no-answer, busy and reject delays). */
  readyAtMs: number;
  noAnswerCount: number;
  /** The member it is being offered or talking to. */
  busyWith?: string;
};

export class CallcenterState {
  readonly queues = new Map<string, QueueConf & { lastPosition: number }>();
  readonly agents = new Map<string, Agent>();
  tiers: TierConf[] = [];

  constructor(
    private readonly model: PbxModel,
    private readonly ask: SwitchXml,
  ) {}

  private async conf(queue?: string): Promise<CallcenterConf | undefined> {
    const body = callcenterConfRequest(this.model.identity, queue === undefined ? undefined : this.model.stamp(), queue);
    const xml = await this.ask(body);
    return xml === undefined ? undefined : readCallcenterConf(xml);
  }

  /** The module (re)loading: everything from the file. */
  async loadModule(): Promise<boolean> {
    const conf = await this.conf();
    if (!conf) return false;
    this.queues.clear();
    this.agents.clear();
    this.tiers = [];
    for (const q of conf.queues) this.queues.set(q.name, { ...q, lastPosition: 0 });
    for (const a of conf.agents) this.loadAgent(a);
    for (const t of conf.tiers) this.loadTier(t);
    return true;
  }

  /** `queue load|reload Q`, or a call naming a queue not loaded (queue only): false when the file has no such queue. */
  async loadQueue(name: string, withAgentsAndTiers: boolean): Promise<boolean> {
    const conf = await this.conf(name);
    const queue = conf?.queues.find((q) => q.name === name);
    if (!conf || !queue) return false;
    this.queues.set(name, { ...queue, lastPosition: 0 });
    if (!withAgentsAndTiers) return true;
    for (const a of conf.agents) this.loadAgent(a);
    for (const t of conf.tiers) if (t.queue === name) this.loadTier(t);
    return true;
  }

  /** `agent reload A`: succeeds whether or not the file has the agent, as load_agent does. */
  async reloadAgent(name: string): Promise<boolean> {
    const conf = await this.conf();
    if (!conf) return false;
    const agent = conf.agents.find((a) => a.name === name);
    if (agent) this.loadAgent(agent);
    return true;
  }

  private loadAgent(a: AgentConf): void {
    const known = this.agents.get(a.name);
    if (!known) {
      ccEvent(this.model, SITES.ccAgentAdd, [["CC-Agent", a.name], ["CC-Agent-Type", "callback"], ["CC-Action", "agent-add"]]);
      this.agents.set(a.name, { ...a, state: "Waiting", lastBridgeEndMs: 0, readyAtMs: 0, noAnswerCount: 0 });
    } else this.agents.set(a.name, { ...known, ...a });
    ccEvent(this.model, SITES.ccAgentContact, [["CC-Agent", a.name], ["CC-Action", "agent-contact-change"], ["CC-Agent-Contact", a.contact]]);
    agentStatusChange(this.model, a.name, a.status);
  }

  private loadTier(t: TierConf): void {
    this.tiers = [...this.tiers.filter((x) => x.queue !== t.queue || x.agent !== t.agent), t];
  }

  deleteAgent(name: string): void {
    this.agents.delete(name);
    this.tiers = this.tiers.filter((t) => t.agent !== name);
  }

  deleteTier(queue: string, agent: string): void {
    this.tiers = this.tiers.filter((t) => t.queue !== queue || t.agent !== agent);
  }

  setStatus(agent: Agent, status: string): void {
    agent.status = status;
    agentStatusChange(this.model, agent.name, status);
  }

  tiersOf(queue: string): TierConf[] {
    return this.tiers.filter((t) => t.queue === queue);
  }
}
