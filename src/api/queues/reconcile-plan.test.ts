import { describe, expect, test } from "bun:test";
import { apiReply } from "../../../test/support/esl-transcript.ts";
import { parseAgentList, parseQueueList, parseTierList } from "../../esl/parse-callcenter-lists.ts";
import type { AgentRow, QueueRow } from "../../pbx/queues.ts";
import { planReconcile, type WantedCallcenter } from "./reconcile-plan.ts";

/** What FreeSWITCH 1.10.12 held in test/freeswitch: 1001 On Break (wrap-up 0), 1002 Logged Out, queue support with both. */
const held = {
  agents: parseAgentList(apiReply("api_callcenter_config_agent_list"))!,
  tiers: parseTierList(apiReply("api_callcenter_config_tier_list"))!,
  queues: parseQueueList(apiReply("api_callcenter_config_queue_list_support"))!,
};
const agents: AgentRow[] = [
  { extension: "1001", status: "On Break", wrapUpSeconds: 0, maxNoAnswer: 3 },
  { extension: "1002", status: "Logged Out", wrapUpSeconds: 10, maxNoAnswer: 3 },
];
const support: QueueRow = {
  name: "support",
  strategy: "longest-idle-agent",
  musicOnHold: null,
  maxWaitSeconds: 40,
  noAgentMaxWaitSeconds: 0,
  fallback: { type: "extension", target: "1003" },
  tiers: [
    { agent: "1001", level: 1, position: 1 },
    { agent: "1002", level: 2, position: 1 },
  ],
  enabled: true,
};
const wanted = (w: Partial<WantedCallcenter> = {}): WantedCallcenter => ({ queues: [support], agents, domain: "pbx.test", ...w });
const texts = (w: WantedCallcenter, h = held as Parameters<typeof planReconcile>[1]) => planReconcile(w, h).map((c) => ("text" in c ? c.text : `unsafe ${c.unsafe}`));

describe("a reconcile sends only what differs", () => {
  test("FreeSWITCH holding exactly the database: nothing is sent", () => {
    expect(texts(wanted())).toEqual([]);
  });

  test("a status changed while FreeSWITCH was away: that agent's status alone, no queue reload", () => {
    const changed = agents.map((a) => (a.extension === "1001" ? { ...a, status: "Available" as const } : a));
    expect(texts(wanted({ agents: changed }))).toEqual(["callcenter_config agent set status 1001 'Available'"]);
  });

  test("a wrap-up changed: the agent is reloaded from callcenter.conf (status with it)", () => {
    const changed = agents.map((a) => (a.extension === "1002" ? { ...a, wrapUpSeconds: 30, status: "Available" as const } : a));
    expect(texts(wanted({ agents: changed }))).toEqual(["callcenter_config agent reload 1002"]);
  });

  test("an agent and its tier deleted while away: tier del and agent del; the queue is unchanged otherwise", () => {
    const only1001 = { ...support, tiers: [support.tiers[0]!] };
    expect(texts(wanted({ queues: [only1001], agents: [agents[0]!] }))).toEqual(["callcenter_config tier del support 1002", "callcenter_config agent del 1002"]);
  });

  test("a queue changed (max wait, a tier's level): queue reload, which reads the agents too", () => {
    const changed = { ...support, maxWaitSeconds: 90, tiers: [support.tiers[0]!, { agent: "1002", level: 1, position: 1 }] };
    const statusToo = agents.map((a) => ({ ...a, status: "Available" as const }));
    expect(texts(wanted({ queues: [changed], agents: statusToo }))).toEqual(["callcenter_config queue reload support"]);
  });

  test("a queue disabled or deleted: its tiers dropped and the queue unloaded; a new one loaded", () => {
    const sales = { ...support, name: "sales", tiers: [] };
    expect(texts(wanted({ queues: [sales] }))).toEqual([
      "callcenter_config tier del support 1001",
      "callcenter_config tier del support 1002",
      "callcenter_config queue unload support",
      "callcenter_config queue load sales",
    ]);
  });

  test("music on hold: an uploaded sound is compared by its file name", () => {
    expect(texts(wanted({ queues: [{ ...support, musicOnHold: "welcome" }] }))).toEqual(["callcenter_config queue reload support"]);
    const playing = { ...held, queues: held.queues.map((q) => ({ ...q, moh: "/var/lib/callboard/sounds/welcome.wav" })) };
    expect(texts(wanted({ queues: [{ ...support, musicOnHold: "welcome" }] }), playing)).toEqual([]);
  });

  test("a switch whose lists could not be read (the simulator) gets every queue reloaded", () => {
    expect(texts(wanted(), { queues: held.queues })).toEqual(["callcenter_config queue reload support"]);
    expect(texts(wanted({ queues: [] }), {})).toEqual(["callcenter_config agent reload 1001", "callcenter_config agent reload 1002"]);
  });

  test("a value unsafe on the event socket, stored or listed, is never made into a command", () => {
    const hostile = { extension: "1001\n\napi hupall", status: "Available" as const, wrapUpSeconds: 0, maxNoAnswer: 3 };
    const planned = texts(wanted({ queues: [], agents: [hostile] }), { agents: [{ ...held.agents[0]!, name: "x y" }], tiers: [], queues: [] });
    expect(planned).toEqual(['unsafe agent "x y"', 'unsafe agent "1001\\n\\napi hupall"']);
  });
});
