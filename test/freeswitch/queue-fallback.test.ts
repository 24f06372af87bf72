/**
 * A queue falling back to a time condition on a real FreeSWITCH: a
 * provider's call to a DID waits in queue support, whose only agent is
 * logged out; after the queue's max wait mod_callcenter gives the caller
 * up, the dialplan's `transfer time-condition-office XML forward` hands the
 * call back to callboard, and callboard decides the condition by its clock
 * at that moment: open → 1002 answers, closed → 1003 answers. The clock is
 * injected (moved 10 minutes past closing), not waited for. With
 * CALLBOARD_TEST_QUEUE_LOG=DIR what FreeSWITCH logged for each call is
 * written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { wallClock } from "../../src/pbx/time-conditions.ts";
import { providerCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { didCalls } from "./support/did-calls.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let shift = 0;
const phones: Record<string, SippRun> = {};
const ccEvents: Record<string, string>[] = [];
const PW = { "1001": "Queue-Agent-2026", "1002": "Day-Desk-2026xy", "1003": "Night-Desk-2026x" };
const CALLER = { from: "998901112233", name: "Mijoz" };
const DID = "998785553313";
const MAX_WAIT = 4;


const hhmm = (minute: number) => {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

beforeAll(async () => {
  tier = await startTier({ now: () => Date.now() + shift });
  tier.cb.system.deps.esl.onEvent((e) => {
    if (e.subclass === "callcenter::info") ccEvents.push({ ...e.headers });
  });
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Queue Agent"], ["1002", "Day Desk"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  // Open every day from an hour ago until 5 minutes from now, on the PBX's wall clock.
  const local = wallClock(new Date(), tier.cb.config.timeZone).minute;
  const rule = { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], open: hhmm(local - 60), close: hhmm(local + 5) };
  const office = { name: "office", schedule: { rules: [rule] }, open: { type: "extension", target: "1002" }, closed: { type: "extension", target: "1003" } };
  expect((await api("POST", "/time-conditions", office)).status).toBe(201);
  expect(await api("POST", "/agents", { extension: "1001", status: "Logged Out", wrapUpSeconds: 0 })).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  const queue = { name: "support", maxWaitSeconds: MAX_WAIT, agents: [{ agent: "1001" }], fallback: { type: "time_condition", target: "office" } };
  expect(await api("POST", "/queues", queue)).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  expect((await api("POST", "/dids", { number: DID, destination: { type: "queue", target: "support" } })).status).toBe(201);
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 500 });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 500 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
}, 90_000);

afterAll(async () => {
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const newestCall = didCalls(() => tier, "CALLBOARD_TEST_QUEUE_LOG");

/** A provider's call to the DID, long enough to outlast the queue's max wait and the answer. */
async function callThroughQueue() {
  const started = Date.now();
  const call = await providerCall(tier, { ...CALLER, did: DID, talkMs: MAX_WAIT * 1000 + 4000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT * 1000);
}

test("mod_callcenter has the queue and its agent logged out: nobody can take the call", async () => {
  const agent = await tier.cb.system.deps.esl.api("callcenter_config agent get status 1001", { timeout: 5_000 });
  expect(agent.ok && agent.value.trim()).toBe("Logged Out");
});

test("while open: the caller waits the max wait, FreeSWITCH transfers into context forward, and the open side 1002 answers", async () => {
  const trace = (await tier.cb.api<{ chain: { kind: string; timeCondition?: string }[] }>("GET", `/dids/${DID}/trace`)).body;
  expect(trace.chain[1]).toMatchObject({ kind: "queue", queue: "support", timeCondition: "office" });
  const before = { "1001": invites("1001"), "1002": invites("1002"), "1003": invites("1003") };
  await callThroughQueue();
  expect(invites("1001")).toBe(before["1001"]);
  expect(invites("1002")).toBe(before["1002"] + 1);
  expect(invites("1003")).toBe(before["1003"]);
  const { a, b, logged } = await newestCall(DID, 2, "queue-time-condition-open", 30_000);
  expect(a).toMatchObject({ did: DID, hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(b[0]).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(b[0]!.billSeconds).toBeGreaterThanOrEqual(1);
  expect(logged).toContain("callcenter(support)");
  expect(logged).toContain("transfer(time-condition-office XML forward)");
  expect(logged).toContain("user/1002@pbx.test");
  const left = ccEvents.filter((e) => e["CC-Action"] === "member-queue-end" && e["CC-Cause"] === "Cancel").at(-1);
  expect(left?.["CC-Cancel-Reason"]).toBe("TIMEOUT");
});

test("after closing time (callboard's clock moved 10 minutes on): the same wait ends at the closed side, 1003", async () => {
  shift = 10 * 60_000;
  const before = { "1002": invites("1002"), "1003": invites("1003") };
  await callThroughQueue();
  expect(invites("1003")).toBe(before["1003"] + 1);
  expect(invites("1002")).toBe(before["1002"]);
  const { a, b, logged } = await newestCall(DID, 2, "queue-time-condition-closed", 30_000);
  expect(a).toMatchObject({ did: DID, hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1003"]);
  expect(logged).toContain("transfer(time-condition-office XML forward)");
  expect(logged).toContain("user/1003@pbx.test");
  expect(logged).not.toContain("user/1002@pbx.test");
});
