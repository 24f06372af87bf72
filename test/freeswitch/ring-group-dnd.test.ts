/**
 * Ring groups and do-not-disturb on a real FreeSWITCH: with 1001's DND on
 * (over REST, as *78 from its phone would), a provider's call to the group
 * sends 1001's phone no INVITE while 1002 rings and answers — simultaneous,
 * and sequential without waiting out 1001's turn; with both members on DND
 * the group's fallback 1003 answers at once. Every call's CDRs are stored.
 * With CALLBOARD_TEST_RING_LOG=DIR what FreeSWITCH logged for each call is
 * written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { providerCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { didCalls } from "./support/did-calls.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const phones: Record<string, SippRun> = {};
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026", "1003": "Night-Desk-2026" };
const CALLER = { from: "998901112233", name: "Mijoz" };
const SALES = "998785553321";
const LINE = "998785553322";


beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Bekzod"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  const groups = [
    { name: "sales", members: ["1001", "1002"], ringSeconds: 10, timeoutSeconds: 10, fallback: { type: "extension", target: "1003" } },
    { name: "line", strategy: "sequential", members: ["1001", "1002"], ringSeconds: 5, timeoutSeconds: 30 },
  ];
  for (const g of groups) expect((await api("POST", "/ring-groups", g)).status).toBe(201);
  for (const [did, group] of [[SALES, "sales"], [LINE, "line"]] as const) {
    expect((await api("POST", "/dids", { number: did, destination: { type: "ring_group", target: group } })).status).toBe(201);
  }
  // 1001 would ring and answer like anyone: only its DND keeps the group from it.
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 500 });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 800 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
}, 90_000);

afterAll(async () => {
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const dnd = async (number: string, on: boolean) => {
  const res = await tier.cb.api<{ callHandling: { dnd: boolean } }>("PATCH", `/extensions/${number}`, { callHandling: { dnd: on } });
  expect(res).toMatchObject({ status: 200, body: { callHandling: { dnd: on } } });
};
const newestCall = didCalls(() => tier, "CALLBOARD_TEST_RING_LOG");

test("simultaneous: 1001 on DND gets no INVITE while 1002 rings and answers", async () => {
  await dnd("1001", true);
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const call = await providerCall(tier, { ...CALLER, did: SALES, talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1002")).toBe(before["1002"] + 1);
  expect(invites("1001")).toBe(before["1001"]);
  const { a, b, logged } = await newestCall(SALES, 2, "dnd-simultaneous");
  expect(a).toMatchObject({ did: SALES, hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(b[0]).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(logged).toMatch(/bridge\(\{originate_timeout=10,sip_invite_domain=pbx\.test\}\[leg_timeout=10,presence_id=1002@pbx\.test/);
  expect(logged).not.toContain("presence_id=1001@");
});

test("sequential: 1001 on DND is skipped, so 1002 rings at once instead of after 1001's 5 seconds", async () => {
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const started = Date.now();
  const ringing = providerCall(tier, { ...CALLER, did: LINE, talkMs: 1500 });
  await until("1002 offered the call", () => invites("1002") > before["1002"], 10_000);
  const offeredAfter = Date.now() - started;
  const call = await ringing;
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(offeredAfter).toBeLessThan(4000);
  expect(invites("1001")).toBe(before["1001"]);
  const { b, logged } = await newestCall(LINE, 2, "dnd-sequential");
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(logged).not.toContain("presence_id=1001@");
});

test("every member on DND: the group is unanswered at once and its fallback 1003 answers; DND off, 1001 rings again", async () => {
  await dnd("1002", true);
  const before = { "1001": invites("1001"), "1002": invites("1002"), "1003": invites("1003") };
  const started = Date.now();
  const ringing = providerCall(tier, { ...CALLER, did: SALES, talkMs: 1500 });
  await until("1003 offered the call", () => invites("1003") > before["1003"], 10_000);
  expect(Date.now() - started).toBeLessThan(4000);
  const call = await ringing;
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect([invites("1001"), invites("1002")]).toEqual([before["1001"], before["1002"]]);
  const { b, logged } = await newestCall(SALES, 2, "dnd-all-fallback");
  expect(b.map((l) => l.extension)).toEqual(["1003"]);
  expect(b[0]).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(logged).toMatch(/bridge\(\{originate_timeout=30,sip_invite_domain=pbx\.test\}\[leg_timeout=30,presence_id=1003@pbx\.test/);

  await dnd("1001", false);
  await dnd("1002", false);
  const again = await providerCall(tier, { ...CALLER, did: SALES, talkMs: 1000 });
  expect(again.finalStatus("INVITE")).toBe(200);
  expect(invites("1001")).toBe(before["1001"] + 1);
});
