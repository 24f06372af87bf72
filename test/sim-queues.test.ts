/**
 * The simulator's mod_callcenter against callboard configured as the demo:
 * callcenter.conf asked for over xml_curl as FreeSWITCH asks, callers in the
 * support queue offered to the longest idle agent, waiting while every
 * agent is busy, answered when one is free again, sent to the fallback
 * after max-wait-time — with the callcenter::info events FreeSWITCH fires —
 * and callboard's GET /queue-callers showing them while they wait.
 */
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { DEMO_AGENTS, DEMO_DOMAIN, DEMO_QUEUE } from "../src/sim/demo-pbx.ts";
import type { SimEvent } from "../src/sim/frames.ts";
import { manualClock, startEslSimulator, type EslSimulator } from "../src/sim/index.ts";
import { authedClient } from "./support/esl-test-client.ts";
import { bootDemo, demoCallboard, play } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

/** The support line: its menu sends a caller who keys 1 to the support queue. */
const QUEUE_DID = "998785553311";
/** The caller keys 1 as soon as the menu answers. */
const SUPPORT = [{ digits: "1", afterMs: 0 }] as const;
const captured: Record<string, string>[] = JSON.parse(readFileSync("test/fixtures/freeswitch/esl/callcenter-events.json", "utf8"));
const fixture = (name: string) => readFileSync(`test/fixtures/freeswitch/http/${name}`, "utf8");

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

async function setup() {
  const clock = manualClock(Date.UTC(2026, 10, 24, 9, 0, 0));
  let n = 0;
  const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  const callboard = await demoCallboard({ now: () => clock.now() });
  // mod_callcenter's lookups are held to FreeSWITCH's captures, made with every header posted.
  const xmlCurl = { ...callboard.xmlCurl, postVars: "every header" as const };
  const sim = await startEslSimulator({ password: "ClueCon", clock, heartbeatSeconds: 0, newUuid, domain: DEMO_DOMAIN, xmlCurl, identity: { switchname: "vm" } });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((e) => events.push(e));
  for (const a of DEMO_AGENTS) expect(await sim.register(a.number, { password: a.password })).toBe(true);
  await sim.settled();
  return { sim, clock, callboard, events, play: (ms: number) => play(sim, clock, ms) };
}

const field = (e: SimEvent, name: string) => e.headers.find(([k]) => k === name)?.[1];
const cc = (events: SimEvent[], action: string) => events.filter((e) => e.subclass === "callcenter::info" && field(e, "CC-Action") === action);
const ccNames = (headers: Iterable<string>) => [...headers].filter((k) => k.startsWith("CC-") || k.startsWith("Event-S") || k === "Event-Name");

test("mod_callcenter loads callcenter.conf from callboard as FreeSWITCH does, and a call naming the queue is offered to the longest idle agent", async () => {
  const { sim, callboard, events, play } = await setup();
  expect(callboard.asked[0]).toBe(fixture("xml_curl-post-configuration-callcenter-module-load.body"));

  sim.placeCall({ from: "998901112233", to: QUEUE_DID, dtmf: SUPPORT, direction: "inbound", callerName: "Qo'ng'iroq Markazi", answerAfterMs: 2_000, durationMs: 60_000 });
  await play(4_000);
  const start = cc(events, "member-queue-start");
  expect(start).toHaveLength(1);
  // The same headers, in the same order, as the member-queue-start FreeSWITCH 1.10.12 fired.
  expect(ccNames(start[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[5]!)));
  expect(field(start[0]!, "variable_cc_queue")).toBe("support");
  const offered = cc(events, "agent-offering");
  expect(offered.map((e) => field(e, "CC-Agent"))).toEqual(["1004"]);
  expect(ccNames(offered[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[8]!)));
  const bridged = cc(events, "bridge-agent-start");
  expect(bridged.map((e) => field(e, "CC-Agent"))).toEqual(["1004"]);
  expect(ccNames(bridged[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[9]!)));
  expect(field(bridged[0]!, "Caller-Destination-Number")).toBe("1004");
  expect(cc(events, "agent-state-change").map((e) => `${field(e, "CC-Agent")} ${field(e, "CC-Agent-State")}`)).toEqual(["1004 Receiving", "1004 In a queue call"]);

  await play(60_000);
  const end = cc(events, "member-queue-end");
  expect(end.map((e) => field(e, "CC-Cause"))).toEqual(["Terminated"]);
  expect(ccNames(end[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[13]!)));
  expect(ccNames(cc(events, "bridge-agent-end")[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[12]!)));
  expect(sim.model.channels.size).toBe(0);

  // 1004 was just on a call: the next caller goes to the agent idle longest of the others.
  sim.placeCall({ from: "998901112244", to: QUEUE_DID, dtmf: SUPPORT, direction: "inbound", answerAfterMs: 1_000, durationMs: 30_000 });
  await play(3_000);
  expect(cc(events, "bridge-agent-start").map((e) => field(e, "CC-Agent"))).toEqual(["1004", "1005"]);
}, 60_000);

test("callers wait while every agent is busy, the first waiting gets the agent that frees up, and one waiting past max-wait-time goes to the fallback", async () => {
  const { sim, events, play } = await setup();
  const long = { direction: "inbound", dtmf: SUPPORT, answerAfterMs: 1_000, durationMs: 600_000 } as const;
  for (let i = 0; i < 4; i++) sim.placeCall({ from: `99890111220${i}`, to: QUEUE_DID, ...long });
  await play(3_000);
  expect(cc(events, "bridge-agent-start").map((e) => field(e, "CC-Agent")).sort()).toEqual(["1004", "1005", "1006", "1007"]);
  const waiter = sim.placeCall({ from: "998901119999", to: QUEUE_DID, ...long });
  await play(20_000);
  expect(cc(events, "member-queue-start")).toHaveLength(5);
  expect(cc(events, "bridge-agent-start")).toHaveLength(4);
  // 1008 is On Break: never offered.
  expect(cc(events, "agent-offering").map((e) => field(e, "CC-Agent"))).not.toContain("1008");

  const first = cc(events, "bridge-agent-start").find((e) => field(e, "CC-Agent") === "1006")!;
  sim.hangup(field(first, "CC-Member-Session-UUID")!, "NORMAL_CLEARING");
  await play(5_000);
  // Wrap-up (10 s, the agent default) before 1006 is offered again.
  expect(cc(events, "bridge-agent-start")).toHaveLength(4);
  await play(7_000);
  const next = cc(events, "bridge-agent-start").at(-1)!;
  expect([field(next, "CC-Agent"), field(next, "CC-Member-Session-UUID")]).toEqual(["1006", waiter.uuid]);

  // Every agent busy again: the next caller waits the queue's 90 s, then the fallback.
  const late = sim.placeCall({ from: "998901118888", to: QUEUE_DID, ...long });
  await play(89_000);
  expect(cc(events, "member-queue-end").filter((e) => field(e, "CC-Member-Session-UUID") === late.uuid)).toHaveLength(0);
  await play(2_000);
  const gaveUp = cc(events, "member-queue-end").filter((e) => field(e, "CC-Member-Session-UUID") === late.uuid);
  expect(gaveUp.map((e) => [field(e, "CC-Cause"), field(e, "CC-Cancel-Reason")])).toEqual([["Cancel", "TIMEOUT"]]);
  expect(ccNames(gaveUp[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[19]!)));
  await play(2_000);
  // The dialplan goes on: the fallback's bridge rings 1009.
  const toFallback = events.filter((e) => e.name === "CHANNEL_CREATE" && field(e, "Caller-Destination-Number") === "1009");
  expect(toFallback.length).toBe(1);
}, 120_000);

test("callcenter_config answers as mod_callcenter does", async () => {
  const { sim, events, callboard } = await setup();
  const client = await authedClient(sim.port, "ClueCon");
  const api = async (arg: string) => (await client.command(`api callcenter_config ${arg}`)).body.toString();
  expect((await client.command("api reload mod_callcenter")).body.toString()).toBe("+OK Reloading XML\n+OK module unloaded\n+OK module loaded\n");
  expect(callboard.asked.at(-1)).toBe(fixture("xml_curl-post-configuration-callcenter-module-load.body"));
  expect(cc(events, "agent-add").map((e) => field(e, "CC-Agent"))).toEqual(DEMO_QUEUE.agents.map((a) => a.agent));
  expect(cc(events, "agent-status-change").map((e) => field(e, "CC-Agent-Status"))).toEqual(["Available", "Available", "Available", "Available", "On Break"]);
  expect(ccNames(cc(events, "agent-add")[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[0]!)));
  expect(ccNames(cc(events, "agent-contact-change")[0]!.headers.map(([k]) => k))).toEqual(ccNames(Object.keys(captured[1]!)));
  expect(field(cc(events, "agent-contact-change")[0]!, "CC-Agent-Contact")).toBe(`user/1004@${DEMO_DOMAIN}`);
  expect(await api("agent get status 1008")).toBe("On Break");
  expect(await api("agent set status 1008 'Available'")).toBe("+OK\n");
  expect(await api("agent get status 1008")).toBe("Available");
  expect(await api("agent set status 1008 'Gone Home'")).toBe("-ERR Invalid Agent Status!\n");
  expect(await api("agent set status 4242 'On Break'")).toBe("-ERR Agent not found!\n");
  expect(await api("agent get status 4242")).toBe("-ERR Agent not found!\n");
  expect(await api("queue list")).toContain("\nsupport|longest-idle-agent|tone_stream://");
  expect(await api("queue reload nosuch")).toBe("-ERR Invalid Queue not found!\n");
  expect(await api("queue reload support")).toBe("+OK\n");
  // A queue load asks with the queue named, as load_queue does.
  expect(callboard.asked.at(-1)).toContain("&Event-Calling-Function=load_queue&Event-Calling-Line-Number=724&Event-Sequence=");
  const names = (body: string) => body.split("&").map((f) => f.split("=")[0]);
  expect(names(callboard.asked.at(-1)!)).toEqual(names(fixture("xml_curl-post-configuration-callcenter-queue-load.body")));
  expect(callboard.asked.at(-1)).toEndWith("&CC-Queue=support");
  expect(await api("tier del support 1004")).toBe("+OK\n");
  expect(await api("agent")).toBe("-ERR Invalid!\n");
  client.close();
}, 60_000);

test("callboard's GET /queue-callers lists a caller while they wait in the simulator's queue, and not after they hang up", async () => {
  const demo = await bootDemo();
  try {
    // No agent's phone is registered: the caller waits.
    const call = demo.sim.placeCall({ from: "998901112233", to: QUEUE_DID, dtmf: SUPPORT, direction: "inbound", callerName: "Qo'ng'iroq Markazi" });
    const get = async () => (await (await fetch(`${demo.url}/api/v1/queue-callers`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as { items?: unknown[] } | unknown[];
    const items = async () => {
      const body = await get();
      return (Array.isArray(body) ? body : (body.items ?? [])) as { channel: string; queue: string; state: string; callerNumber: string }[];
    };
    await until("the caller waiting", async () => (await items()).some((c) => c.channel === call.uuid));
    expect((await items()).find((c) => c.channel === call.uuid)).toMatchObject({ queue: "support", state: "waiting", callerNumber: "998901112233" });
    demo.sim.hangup(call.uuid, "NORMAL_CLEARING");
    await until("the caller gone", async () => !(await items()).some((c) => c.channel === call.uuid));
  } finally {
    await demo.stop();
  }
}, 30_000);

test("a ring-all queue rings every free agent at once: the first to answer gets the caller, the others lose the race and wait again", async () => {
  const { sim, events, callboard, play } = await setup();
  expect((await callboard.call("PATCH", "/api/v1/queues/support", { strategy: "ring-all" })).status).toBe(200);
  const client = await authedClient(sim.port, "ClueCon");
  // What callboard's live apply sends after the change.
  expect((await client.command("api callcenter_config queue reload support")).body.toString()).toBe("+OK\n");
  client.close();
  sim.setAnswerDelay("1004", 4_000);
  sim.setAnswerDelay("1005", 4_000);
  sim.setAnswerDelay("1006", 4_000);
  sim.setAnswerDelay("1007", 4_000);
  sim.placeCall({ from: "998901112233", to: QUEUE_DID, dtmf: SUPPORT, direction: "inbound", durationMs: 20_000 });
  await play(6_000);
  expect(cc(events, "agent-offering").map((e) => field(e, "CC-Agent"))).toEqual(["1004", "1005", "1006", "1007"]);
  const rung = events.filter((e) => e.name === "CHANNEL_CREATE" && field(e, "Call-Direction") === "outbound").map((e) => field(e, "Caller-Destination-Number"));
  expect(rung.sort()).toEqual(["1004", "1005", "1006", "1007"]);
  expect(cc(events, "bridge-agent-start")).toHaveLength(1);
  expect(events.filter((e) => e.name === "CHANNEL_HANGUP" && field(e, "Hangup-Cause") === "LOSE_RACE")).toHaveLength(3);
  const states = cc(events, "agent-state-change").map((e) => `${field(e, "CC-Agent")} ${field(e, "CC-Agent-State")}`);
  expect(states.filter((s) => s.endsWith("Waiting"))).toHaveLength(3);
}, 60_000);
