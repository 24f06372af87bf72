/**
 * The dialplan's `callcenter <queue>` (mod_callcenter): the caller becomes
 * a member of the queue, is offered to agents by the queue's strategy
 * (each offer a bridge to the agent's contact, which asks callboard for
 * `user/N@domain` as FreeSWITCH does), and leaves the queue answered
 * (member-queue-end Terminated, after the agent's call ends) or cancelled:
 * TIMEOUT after max-wait-time, NO_AGENT_TIMEOUT after
 * max-wait-time-with-no-agent without an Available agent, BREAK_OUT when
 * the caller hangs up. After a cancel the dialplan goes on (the fallback).
 * The queue is looked at once a second, as mod_callcenter's member thread does.
 */
import { bridge } from "./bridge.ts";
import { SITES } from "./calling-sites.ts";
import { agentStateChange, ccEvent, epochSeconds, memberFields, membersCount, type Member } from "./callcenter-events.ts";
import { agentsToOffer } from "./callcenter-offer.ts";
import type { QueueConf } from "./callcenter-config.ts";
import { CallcenterState, type Agent } from "./callcenter-state.ts";
import type { Channel } from "./channel.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";

const TICK_MS = 1_000;

type Answered = { agent: Agent; leg: Channel; calledSec: string };
type Waiting = Member & { conf: QueueConf & { lastPosition: number }; offered: Agent[]; answered?: Answered; ended: boolean; noAgentSinceMs?: number; leave: () => void };

export class Callcenter {
  readonly state: CallcenterState;
  private readonly members = new Map<string, Waiting>();

  get model() {
    return this.core.model;
  }

  constructor(private readonly core: SwitchCore) {
    this.state = new CallcenterState(core.model, core.lookups.ask);
    core.model.onLegEnd((leg) => this.legEnded(leg));
  }

  private count(queue: string): number {
    return [...this.members.values()].filter((m) => m.queue === queue && !m.ended).length;
  }

  /** Runs `callcenter <queue>`; `goOn` continues the dialplan once the caller leaves the queue unanswered. */
  async join(leg: Channel, queueName: string, farEnd: FarEnd, goOn: () => void): Promise<void> {
    const { model, clock } = this.core;
    const queue = this.state.queues.get(queueName) ?? ((await this.state.loadQueue(queueName, false)) ? this.state.queues.get(queueName) : undefined);
    if (!model.channel(leg.uuid)) return;
    if (!queue) return goOn();
    const m: Waiting = { uuid: this.core.newUuid(), queue: queueName, leg, joinedSec: Math.floor(clock.now() / 1000), conf: queue, offered: [], ended: false, leave: goOn };
    this.members.set(leg.uuid, m);
    const vars = leg.variablesMap;
    vars.set("cc_side", "member");
    vars.set("cc_member_uuid", m.uuid);
    vars.set("cc_queue_joined_epoch", String(m.joinedSec));
    vars.set("cc_queue", queueName);
    ccEvent(model, SITES.ccMemberStart, [["CC-Queue", queueName], ["CC-Action", "member-queue-start"], ...memberFields(m)], leg);
    membersCount(model, queueName, this.count(queueName));
    const tick = () => {
      if (m.ended || m.answered) return;
      this.look(m, farEnd);
      if (!m.ended && !m.answered) clock.after(TICK_MS, tick);
    };
    tick();
  }

  private look(m: Waiting, farEnd: FarEnd): void {
    // An unloaded queue keeps its members until they leave, as destroy_queue waits for them.
    const queue = this.state.queues.get(m.queue) ?? m.conf;
    const now = this.core.clock.now();
    if (queue.maxWaitSeconds > 0 && now >= m.joinedSec * 1000 + queue.maxWaitSeconds * 1000) return this.cancel(m, "TIMEOUT");
    const tiers = this.state.tiersOf(m.queue);
    const someoneIn = tiers.some((t) => this.state.agents.get(t.agent)?.status.startsWith("Available"));
    m.noAgentSinceMs = someoneIn ? undefined : (m.noAgentSinceMs ?? now);
    if (queue.noAgentMaxWaitSeconds > 0 && m.noAgentSinceMs !== undefined && now - m.noAgentSinceMs >= queue.noAgentMaxWaitSeconds * 1000) {
      return this.cancel(m, "NO_AGENT_TIMEOUT");
    }
    if (m.offered.length > 0) return;
    const offer = agentsToOffer(queue, tiers, this.state.agents, now);
    if (offer.length === 0) return;
    queue.lastPosition = offer[0]!.tier.position;
    this.offer(m, offer.map((o) => o.agent), farEnd);
  }

  private offer(m: Waiting, agents: Agent[], farEnd: FarEnd): void {
    const { model } = this.core;
    m.offered = agents;
    const calledSec = epochSeconds(model);
    for (const a of agents) {
      a.busyWith = m.uuid;
      a.state = "Receiving";
      agentStateChange(model, a.name, a.state);
      ccEvent(model, SITES.ccOffering, [
        ["CC-Queue", m.queue], ["CC-Action", "agent-offering"], ["CC-Agent", a.name], ["CC-Agent-Type", "callback"], ["CC-Agent-System", "single_box"], ...memberFields(m),
      ]);
    }
    bridge(this.core, m.leg, agents.map((a) => a.contact).join(","), {
      farEnd,
      done: (result) => {
        const winnerLeg = result.bridged ? model.channel(m.leg.peer ?? "") : undefined;
        const winner = winnerLeg && agents.find((a) => a.contact.startsWith(`user/${winnerLeg.profile.destinationNumber}@`));
        for (const a of agents) if (a !== winner) this.release(a, result.bridged ? "LOSE_RACE" : result.cause);
        m.offered = [];
        if (!winner || !winnerLeg || m.ended) return;
        winner.noAnswerCount = 0;
        this.bridged(m, { agent: winner, leg: winnerLeg, calledSec });
      },
    });
  }

  private bridged(m: Waiting, answered: Answered): void {
    const { model } = this.core;
    const { agent, leg: agentLeg, calledSec } = answered;
    m.answered = answered;
    const now = epochSeconds(model);
    for (const [name, value] of [
      ["cc_queue", m.queue], ["cc_queue_joined_epoch", String(m.joinedSec)], ["cc_member_uuid", m.uuid], ["cc_member_session_uuid", m.leg.uuid],
      ["cc_agent", agent.name], ["cc_agent_type", "callback"], ["cc_side", "agent"],
    ] as const) agentLeg.variablesMap.set(name, value);
    const mv = m.leg.variablesMap;
    mv.set("cc_agent_uuid", agentLeg.uuid);
    mv.set("cc_cause", "answered");
    mv.set("cc_agent_bridged", "true");
    mv.set("cc_agent", agent.name);
    mv.set("cc_queue_answered_epoch", now);
    const times = [["CC-Agent-Called-Time", calledSec], ["CC-Agent-Answered-Time", now], ["CC-Member-Joined-Time", String(m.joinedSec)]] as const;
    ccEvent(model, SITES.ccBridgeStart, [
      ["CC-Queue", m.queue], ["CC-Action", "bridge-agent-start"], ["CC-Agent", agent.name], ["CC-Agent-System", "single_box"], ["CC-Agent-UUID", agentLeg.uuid], ...times, ...memberFields(m),
    ], agentLeg);
    agent.state = "In a queue call";
    agentStateChange(model, agent.name, agent.state);
  }

  /** An offer that did not end in a bridge: the agent waits again, after the delay its cause sets. */
  private release(a: Agent, cause: string): void {
    const now = this.core.clock.now();
    a.busyWith = undefined;
    a.state = "Waiting";
    agentStateChange(this.core.model, a.name, a.state);
    if (cause === "LOSE_RACE" || cause === "ORIGINATOR_CANCEL") return;
    if (cause === "USER_BUSY") a.readyAtMs = now + a.busyDelaySeconds * 1000;
    else if (cause === "CALL_REJECTED") a.readyAtMs = now + a.rejectDelaySeconds * 1000;
    else if (cause === "USER_NOT_REGISTERED") a.readyAtMs = now + 5_000;
    else {
      a.readyAtMs = now + a.noAnswerDelaySeconds * 1000;
      a.noAnswerCount++;
      if (a.maxNoAnswer > 0 && a.noAnswerCount >= a.maxNoAnswer) {
        ccEvent(this.core.model, SITES.ccMaxNoAnswer, [
          ["CC-Agent", a.name], ["CC-Action", "agent-max-no-answer"], ["CC-Agent-No-Answer-Count", String(a.maxNoAnswer)], ["CC-Agent-No-Answer-Status", "On Break"],
        ]);
        this.state.setStatus(a, "On Break");
      }
    }
  }

  /** The caller leaves unanswered; unless they hung up, the dialplan goes on. */
  private cancel(m: Waiting, reason: string): void {
    const { model } = this.core;
    m.ended = true;
    this.members.delete(m.leg.uuid);
    for (const ch of [...model.channels.values()]) if (ch.originator === m.leg.uuid && !ch.peer) model.hangup(ch.uuid, "ORIGINATOR_CANCEL");
    for (const a of m.offered) if (a.busyWith === m.uuid) this.release(a, "ORIGINATOR_CANCEL");
    m.offered = [];
    ccEvent(model, SITES.ccMemberCancel, [
      ["CC-Queue", m.queue], ["CC-Action", "member-queue-end"], ["CC-Member-Leaving-Time", epochSeconds(model)], ["CC-Member-Joined-Time", String(m.joinedSec)],
      ["CC-Cause", "Cancel"], ["CC-Cancel-Reason", reason], ...memberFields(m),
    ], m.leg);
    membersCount(model, m.queue, this.count(m.queue));
    if (model.channel(m.leg.uuid)) m.leave();
  }

  private legEnded(leg: Channel): void {
    const byMember = this.members.get(leg.uuid);
    const m = byMember ?? [...this.members.values()].find((x) => x.answered?.leg.uuid === leg.uuid);
    if (!m || m.ended) return;
    if (!m.answered) return this.cancel(m, "BREAK_OUT");
    this.terminated(m, m.answered);
  }

  /** The agent's call ended: bridge-agent-end, member-queue-end Terminated, the agent waits (after wrap-up). */
  private terminated(m: Waiting, { agent, leg: agentLeg, calledSec }: Answered): void {
    const { model, clock } = this.core;
    m.ended = true;
    this.members.delete(m.leg.uuid);
    const now = epochSeconds(model);
    const agentFields = [["CC-Agent", agent.name], ["CC-Agent-System", "single_box"], ["CC-Agent-UUID", agentLeg.uuid]] as const;
    const answered = m.leg.variablesMap.get("cc_queue_answered_epoch") ?? now;
    ccEvent(model, SITES.ccBridgeEnd, [
      ["CC-Queue", m.queue], ["CC-Action", "bridge-agent-end"], ["CC-Hangup-Cause", "SUCCESS"], ...agentFields, ["CC-Agent-Bridged", "true"],
      ["CC-Agent-Called-Time", calledSec], ["CC-Agent-Answered-Time", answered], ["CC-Member-Joined-Time", String(m.joinedSec)], ["CC-Bridge-Terminated-Time", now], ...memberFields(m),
    ], agentLeg);
    m.leg.variablesMap.set("cc_queue_terminated_epoch", now);
    ccEvent(model, SITES.ccMemberEnd, [
      ["CC-Queue", m.queue], ["CC-Action", "member-queue-end"], ["CC-Hangup-Cause", "SUCCESS"], ["CC-Cause", "Terminated"], ...agentFields,
      ["CC-Agent-Called-Time", calledSec], ["CC-Agent-Answered-Time", answered], ["CC-Member-Leaving-Time", now], ["CC-Member-Joined-Time", String(m.joinedSec)], ...memberFields(m),
    ], m.leg);
    agent.busyWith = undefined;
    agent.lastBridgeEndMs = clock.now();
    agent.readyAtMs = clock.now() + agent.wrapUpSeconds * 1000;
    agent.state = "Waiting";
    agentStateChange(model, agent.name, agent.state);
  }
}
