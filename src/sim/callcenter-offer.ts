/**
 * Which agents a waiting member is offered to, per the queue's strategy,
 * from the tiers and the agents' status and state: Available, Waiting, past
 * their ready time and not already offered. ring-all offers every such
 * agent at once; the others one agent, ordered by tier level then:
 * longest-idle-agent — the oldest last queue call; top-down — position;
 * round-robin — the next position after the last one offered. Any other
 * strategy is served as longest-idle-agent (callboard offers only these four).
 */
import type { TierConf } from "./callcenter-config.ts";
import type { Agent } from "./callcenter-state.ts";

export type QueueForOffer = { strategy: string; lastPosition: number };

export function agentsToOffer(queue: QueueForOffer, tiers: readonly TierConf[], agents: ReadonlyMap<string, Agent>, nowMs: number): { agent: Agent; tier: TierConf }[] {
  const ready = tiers
    .map((tier) => ({ tier, agent: agents.get(tier.agent) }))
    .filter((c): c is { tier: TierConf; agent: Agent } => {
      const a = c.agent;
      return !!a && a.status === "Available" && a.state === "Waiting" && !a.busyWith && a.readyAtMs <= nowMs;
    });
  if (queue.strategy === "ring-all") return ready;
  const byPosition = (x: { tier: TierConf }, y: { tier: TierConf }) => x.tier.level - y.tier.level || x.tier.position - y.tier.position;
  if (queue.strategy === "top-down") return ready.sort(byPosition).slice(0, 1);
  if (queue.strategy === "round-robin") {
    const sorted = ready.sort(byPosition);
    return [sorted.find((c) => c.tier.position > queue.lastPosition) ?? sorted[0]].filter((c) => c !== undefined);
  }
  return ready
    .sort((x, y) => x.tier.level - y.tier.level || x.agent.lastBridgeEndMs - y.agent.lastBridgeEndMs || x.tier.position - y.tier.position)
    .slice(0, 1);
}
