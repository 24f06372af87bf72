/**
 * callcenter.conf as mod_callcenter reads it: queues with their params,
 * callback agents with their attributes, tiers. Only what the simulated
 * module acts on is kept.
 */
import { attr, children, configurationOf } from "./xml-answers.ts";

export type QueueConf = { name: string; strategy: string; moh: string; maxWaitSeconds: number; noAgentMaxWaitSeconds: number };
export type AgentConf = { name: string; contact: string; status: string; maxNoAnswer: number; wrapUpSeconds: number; noAnswerDelaySeconds: number; rejectDelaySeconds: number; busyDelaySeconds: number };
export type TierConf = { queue: string; agent: string; level: number; position: number };
export type CallcenterConf = { queues: QueueConf[]; agents: AgentConf[]; tiers: TierConf[] };

const whole = (value: string, fallback: number) => (/^\d+$/.test(value) ? Number(value) : fallback);

/** undefined when the answer holds no callcenter.conf (FreeSWITCH: "Open of callcenter.conf failed"). */
export function readCallcenterConf(xml: string): CallcenterConf | undefined {
  const conf = configurationOf(xml, "callcenter.conf");
  if (!conf) return undefined;
  const section = (name: string) => children(conf, name).flatMap((s) => children(s, name.slice(0, -1)));
  const queues = section("queues").map((q) => {
    const params = new Map(children(q, "param").map((p) => [attr(p, "name"), attr(p, "value")]));
    return {
      name: attr(q, "name"),
      strategy: params.get("strategy") || "longest-idle-agent",
      moh: params.get("moh-sound") ?? "",
      maxWaitSeconds: whole(params.get("max-wait-time") ?? "", 0),
      noAgentMaxWaitSeconds: whole(params.get("max-wait-time-with-no-agent") ?? "", 0),
    };
  });
  const agents = section("agents").map((a) => ({
    name: attr(a, "name"),
    contact: attr(a, "contact"),
    status: attr(a, "status") || "Logged Out",
    maxNoAnswer: whole(attr(a, "max-no-answer"), 0),
    wrapUpSeconds: whole(attr(a, "wrap-up-time"), 0),
    noAnswerDelaySeconds: whole(attr(a, "no-answer-delay-time"), 0),
    rejectDelaySeconds: whole(attr(a, "reject-delay-time"), 0),
    busyDelaySeconds: whole(attr(a, "busy-delay-time"), 0),
  }));
  const tiers = section("tiers").map((t) => ({ queue: attr(t, "queue"), agent: attr(t, "agent"), level: whole(attr(t, "level"), 1), position: whole(attr(t, "position"), 1) }));
  return { queues: queues.filter((q) => q.name), agents: agents.filter((a) => a.name), tiers };
}
