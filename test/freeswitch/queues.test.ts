/**
 * Call-centre queues on a real FreeSWITCH (mod_callcenter, issue 10): a
 * provider's call to a DID waits in a queue until an available agent's phone
 * answers; an agent put On Break over REST is no longer offered calls
 * (changed live over ESL, no reload), so the next caller waits the queue's
 * max wait and goes to the fallback extension. Every call's CDRs are stored.
 * With CALLBOARD_TEST_QUEUE_LOG=DIR what FreeSWITCH logged for each call is
 * written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { providerCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
/** mod_callcenter's CUSTOM callcenter::info events as callboard received them; CALLBOARD_TEST_CC_EVENTS=FILE writes them there. */
const ccEvents: Record<string, string>[] = [];
const phones: Record<string, SippRun> = {};
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026", "1003": "Night-Desk-2026" };
const CALLER = { from: "998901112233", name: "Qo'ng'iroq Markazi" };
const MAX_WAIT = 6;

type Cdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; hangupCause: string; billSeconds: number };

beforeAll(async () => {
  tier = await startTier();
  tier.cb.system.deps.esl.onEvent((e) => {
    if (e.subclass === "callcenter::info") ccEvents.push({ ...e.headers });
  });
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Bekzod"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 800 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
  const agent = await api<{ freeswitch: { applied: boolean } }>("POST", "/agents", { extension: "1001", status: "Available", wrapUpSeconds: 0 });
  expect(agent).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  const queue = await api<{ freeswitch: { applied: boolean } }>("POST", "/queues", {
    name: "support",
    maxWaitSeconds: MAX_WAIT,
    agents: [{ agent: "1001" }],
    fallback: { type: "extension", target: "1003" },
  });
  expect(queue).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  expect((await api("POST", "/dids", { number: "998785553311", destination: { type: "queue", target: "support" } })).status).toBe(201);
}, 90_000);

afterAll(async () => {
  if (process.env.CALLBOARD_TEST_CC_EVENTS) writeFileSync(process.env.CALLBOARD_TEST_CC_EVENTS, `${JSON.stringify(ccEvents, null, 1)}\n`);
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

const esl = (command: string) => tier.cb.system.deps.esl.api(command, { timeout: 5_000 });
const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const cdrs = async () => (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items;

const seenCalls = new Set<string>();

/** The newest call's legs once FreeSWITCH posted `n` of them, and what FreeSWITCH logged for it. */
async function callOf(did: string, n: number, name: string) {
  let legs: Cdr[] = [];
  await until(`${n} CDRs of the call to ${did}`, async () => {
    const all = await cdrs();
    const a = all.find((c) => c.did === did && c.leg === "a" && !seenCalls.has(c.callUuid));
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= n;
  }, 30_000);
  const a = legs.find((l) => l.leg === "a")!;
  seenCalls.add(a.callUuid);
  const logged = tier.fs
    .log()
    .split("\n")
    .filter((l) => legs.some((b) => l.includes(b.uuid)));
  const dir = process.env.CALLBOARD_TEST_QUEUE_LOG;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.log`), `${logged.join("\n")}\n`);
  }
  return { a, b: legs.filter((l) => l.leg === "b"), logged: logged.join("\n") };
}

test("mod_callcenter loaded the queue and its agent from callboard's callcenter.conf", async () => {
  const queues = await esl("callcenter_config queue list");
  expect(queues.ok && queues.value).toContain("support|longest-idle-agent|tone_stream://");
  const agents = await esl("callcenter_config agent list");
  expect(agents.ok && agents.value).toMatch(/\n1001\|single_box\|\|callback\|user\/1001@pbx\.test\|Available\|Waiting\|/);
  const tiers = await esl("callcenter_config tier list");
  expect(tiers.ok && tiers.value).toContain("support|1001|Ready|1|1");
});

test("a provider's call to the DID waits in the queue and the available agent 1001 answers it", async () => {
  const before = invites("1001");
  const call = await providerCall(tier, { ...CALLER, did: "998785553311", talkMs: 5000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before + 1);
  const { a, b, logged } = await callOf("998785553311", 2, "answered");
  expect(a).toMatchObject({ did: "998785553311" });
  expect(b.find((l) => l.extension === "1001")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1001")!.billSeconds).toBeGreaterThanOrEqual(1);
  expect(logged).toContain("callcenter(support)");
  // Answered by the agent, the caller's leg never reached the fallback's bridge.
  expect(logged).not.toMatch(/bridge\(\{originate_timeout=30[^)]*dialed_user=1003/);
});

test("agent 1001 set On Break over REST: FreeSWITCH has it at once, and the next caller waits the max wait, then rings the fallback 1003", async () => {
  const res = await tier.cb.api<{ status: string; freeswitch: { applied: boolean } }>("PUT", "/agents/1001/status", { status: "On Break" });
  expect(res).toMatchObject({ status: 200, body: { status: "On Break", freeswitch: { applied: true } } });
  const status = await esl("callcenter_config agent get status 1001");
  expect(status.ok && status.value.trim()).toBe("On Break");

  const before = { "1001": invites("1001"), "1003": invites("1003") };
  const started = Date.now();
  const calling = providerCall(tier, { ...CALLER, did: "998785553311", talkMs: MAX_WAIT * 1000 + 4000 });
  // While it waits, the live state (from mod_callcenter's events) shows the caller in the queue and the agent on break.
  type Waiting = { queue: string; callerNumber: string; state: string };
  await until("the caller waiting in the queue's live state", async () => {
    const { body } = await tier.cb.api<{ items: Waiting[] }>("GET", "/queue-callers");
    return body.items.some((c) => c.queue === "support" && c.callerNumber === CALLER.from && c.state === "waiting");
  }, 5_000);
  const agents = await tier.cb.api<{ items: { name: string; status: string }[] }>("GET", "/queue-agents");
  expect(agents.body.items.find((a) => a.name === "1001")?.status).toBe("On Break");
  const call = await calling;
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"]);
  expect(invites("1003")).toBe(before["1003"] + 1);
  const { a, b, logged } = await callOf("998785553311", 2, "on-break-fallback");
  expect(a).toMatchObject({ did: "998785553311" });
  expect(b.map((l) => l.extension)).toEqual(["1003"]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT * 1000);
  expect(logged).toContain("callcenter(support)");
  expect(logged).toMatch(/bridge\(\{originate_timeout=30,sip_invite_domain=pbx\.test\}\[leg_timeout=30,presence_id=1003@pbx\.test/);
  // Once the caller left the queue (max wait), it is gone from the live state.
  await until("the caller gone from the queue's live state", async () => (await tier.cb.api<{ items: unknown[] }>("GET", "/queue-callers")).body.items.length === 0, 5_000);
  const left = ccEvents.find((e) => e["CC-Action"] === "member-queue-end" && e["CC-Cause"] === "Cancel");
  expect(left?.["CC-Cancel-Reason"]).toBe("TIMEOUT");
});

test("callcenter_config's replies and reload mod_callcenter's, as the simulator gives them (test/sim-queues.test.ts)", async () => {
  const raw = async (command: string) => {
    const r = await esl(command);
    return r.ok ? r.value : `-ERR ${r.message}`;
  };
  expect(await raw("callcenter_config agent get status 4242")).toBe("-ERR Agent not found!");
  expect(await raw("callcenter_config agent set status 1001 'Gone Home'")).toBe("-ERR Invalid Agent Status!");
  expect(await raw("callcenter_config agent set status 4242 'On Break'")).toBe("-ERR Agent not found!");
  expect(await raw("callcenter_config queue reload nosuch")).toBe("-ERR Invalid Queue not found!");
  expect(await raw("callcenter_config agent")).toBe("-ERR Invalid!");
  expect(await raw("callcenter_config agent set status 1001 'Available'")).toBe("+OK\n");
  expect(await raw("callcenter_config agent get status 1001")).toBe("Available");
  expect(await raw("callcenter_config tier del support 4242")).toBe("+OK\n");
  expect(await raw("reload mod_callcenter")).toBe("+OK Reloading XML\n+OK module unloaded\n+OK module loaded\n");
});
