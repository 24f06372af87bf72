/**
 * Ring groups on a real FreeSWITCH: a provider's call to a DID rings a group
 * of operators as callboard's dialplan answer says — all at once (the second
 * answers), one after another (the first does not answer within its seconds,
 * the second does), and, when nobody answers, the group's fallback extension
 * (issue 10); and a phone dialling the group's number. Every call's CDRs are
 * stored. With CALLBOARD_TEST_RING_LOG=DIR
 * what FreeSWITCH logged for each call is written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { placeCall, providerCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const running: SippRun[] = [];
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026", "1003": "Night-Desk-2026", "1004": "Never-Registered-4" };
const phones: Record<string, SippRun> = {};
const CALLER = { from: "998901112233", name: "Qo'ng'iroq Markazi" };

type Cdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; hangupCause: string; billSeconds: number; destinationNumber: string | null };

beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Шахноза Юсупова"], ["1003", "Night Desk"], ["1004", "Home Office"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  const groups = [
    { name: "sales", number: "600", members: ["1001", "1002"], callerIdNamePrefix: "Sales - " },
    { name: "support", strategy: "sequential", members: ["1001", "1002"], ringSeconds: 5, timeoutSeconds: 30, callerIdNamePrefix: "Support - " },
    { name: "night", members: ["1001"], ringSeconds: 5, timeoutSeconds: 5, fallback: { type: "extension", target: "1003" } },
    { name: "away-first", strategy: "sequential", members: ["1004", "1002"], ringSeconds: 10 },
  ];
  for (const g of groups) expect((await api("POST", "/ring-groups", g)).status).toBe(201);
  for (const [did, group] of [["998785553301", "sales"], ["998785553302", "support"], ["998785553303", "night"], ["998785553304", "away-first"]] as const) {
    expect((await api("POST", "/dids", { number: did, destination: { type: "ring_group", target: group } })).status).toBe(201);
  }
  // 1001 is away from the desk: its phone rings and is never picked up. 1002 and the night desk answer.
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], behaviour: "rings" });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 800 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
  running.push(...Object.values(phones));
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const cdrs = async () => (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items;
const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;

/** SIP messages a phone received, each with sipp's timestamp. */
function messagesOf(phone: string): { at: number; text: string }[] {
  return phones[phone]!
    .trace()
    .split(/\n(?=-{10,} )/)
    .flatMap((block) => {
      const m = /^-+ (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)\s+UDP message received[^\n]*\n\s*([\s\S]*)$/.exec(block);
      return m ? [{ at: Date.parse(`${m[1]}T${m[2]!.slice(0, 12)}`), text: m[3]! }] : [];
    });
}
const lastInvite = (phone: string) => messagesOf(phone).filter((m) => m.text.startsWith("INVITE ")).at(-1)!;

/** The call's legs once FreeSWITCH posted all `n` of them, and what FreeSWITCH logged for it. */
async function callOf(did: string, n: number, path: string) {
  let legs: Cdr[] = [];
  await until(`${n} CDRs of the call to ${did}`, async () => {
    const all = await cdrs();
    const a = all.find((c) => c.did === did && c.leg === "a");
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= n;
  }, 20_000);
  const a = legs.find((l) => l.leg === "a")!;
  const logged = tier.fs
    .log()
    .split("\n")
    .filter((l) => l.includes(a.uuid) || legs.some((b) => l.includes(b.uuid)));
  const dir = process.env.CALLBOARD_TEST_RING_LOG;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${path}.log`), `${logged.join("\n")}\n`);
  }
  return { a, b: legs.filter((l) => l.leg === "b"), logged: logged.join("\n") };
}

test("simultaneous: a DID call rings 1001 and 1002 at once; 1002 answers, 1001 is cancelled; the operator sees Sales - and the caller", async () => {
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const call = await providerCall(tier, { ...CALLER, did: "998785553301", talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1002")).toBe(before["1002"] + 1);
  await until("1001's ring cancelled", () => phones["1001"]!.requestsReceived().filter((m) => m === "CANCEL").length >= 1);
  // Both phones were offered the call within the same moment, not one after the other.
  expect(Math.abs(lastInvite("1001").at - lastInvite("1002").at)).toBeLessThan(1000);
  expect(lastInvite("1002").text).toMatch(/^From: "Sales - Qoʼngʼiroq Markazi" <sip:998901112233@/m);

  const { a, b, logged } = await callOf("998785553301", 3, "simultaneous");
  expect(a).toMatchObject({ did: "998785553301", hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1002")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1002")!.billSeconds).toBeGreaterThanOrEqual(1);
  expect(b.find((l) => l.extension === "1001")?.hangupCause).toMatch(/LOSE_RACE|ORIGINATOR_CANCEL/);
  // FreeSWITCH ran callboard's one bridge: both members' phones in one dial string, the group's name for the caller.
  expect(logged).toMatch(/bridge\(\{originate_timeout=20,sip_invite_domain=pbx\.test,origination_caller_id_name=Sales - Qoʼngʼiroq Markazi\}\[leg_timeout=20,presence_id=1001@pbx\.test[^)]*,\[leg_timeout=20,presence_id=1002@pbx\.test/);
});

test("sequential: 1001 rings for its 5 seconds and is cancelled, then 1002 rings and answers", async () => {
  const started = Date.now();
  const call = await providerCall(tier, { ...CALLER, did: "998785553302", talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  const first = lastInvite("1001");
  const second = lastInvite("1002");
  expect(first.at).toBeGreaterThanOrEqual(started - 1000);
  const cancel = messagesOf("1001").filter((m) => m.text.startsWith("CANCEL ") && m.at >= first.at)[0]!;
  expect(cancel).toBeDefined();
  // 1002 is offered the call only once 1001's turn is over, about ringSeconds later.
  // FreeSWITCH sends 1001's CANCEL and 1002's INVITE in the same millisecond, and two
  // sipp processes stamp them: their order within a few ms is the receivers' scheduling.
  expect(second.at).toBeGreaterThanOrEqual(cancel.at - 20);
  expect(second.at - first.at).toBeGreaterThanOrEqual(4500);
  expect(second.at - first.at).toBeLessThan(8000);
  expect(second.text).toMatch(/^From: "Support - Qoʼngʼiroq Markazi"/m);

  const { a, b, logged } = await callOf("998785553302", 3, "sequential");
  expect(a).toMatchObject({ did: "998785553302", hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1001")!.hangupCause).not.toBe("NORMAL_CLEARING");
  expect(b.find((l) => l.extension === "1002")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  // One bridge, `|` between the members: FreeSWITCH's own failover moved from 1001 to 1002.
  expect(logged).toMatch(/bridge\(\{originate_timeout=6,[^}]*originate_continue_on_timeout=true[^}]*\}\[leg_timeout=5,presence_id=1001@pbx\.test[^|]*\|\[leg_timeout=5,presence_id=1002@pbx\.test/);
});

test("nobody answers: 1001 rings for the group's 5 seconds, then the fallback extension 1003 answers", async () => {
  const before = invites("1003");
  const started = Date.now();
  const call = await providerCall(tier, { ...CALLER, did: "998785553303", talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1003")).toBe(before + 1);
  expect(lastInvite("1003").at - started).toBeGreaterThanOrEqual(4500);
  const { a, b, logged } = await callOf("998785553303", 3, "fallback");
  expect(a).toMatchObject({ did: "998785553303", hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1001")!.hangupCause).not.toBe("NORMAL_CLEARING");
  expect(b.find((l) => l.extension === "1003")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  // The group's bridge failed with NO_ANSWER; continue_on_fail ran the fallback's bridge.
  expect(logged).toContain("Originate Failed.  Cause: NO_ANSWER");
  expect(logged).toMatch(/bridge\(\{originate_timeout=30,sip_invite_domain=pbx\.test\}\[leg_timeout=30,presence_id=1003@pbx\.test/);
});

test("a phone dialling the group's number 600 rings the members; the caller's name shows behind the prefix", async () => {
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const call = await placeCall(tier, { from: "1003", password: PW["1003"], to: "600", talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1002")).toBe(before["1002"] + 1);
  expect(lastInvite("1002").text).toMatch(/^From: "Sales - Night Desk" <sip:1003@/m);
  let legs: Cdr[] = [];
  await until("the call's three CDRs", async () => {
    const all = await cdrs();
    const a = all.find((c) => c.leg === "a" && c.destinationNumber === "600");
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= 3;
  }, 20_000);
  expect(legs.find((l) => l.leg === "a")).toMatchObject({ extension: "1003", hangupCause: "NORMAL_CLEARING" });
  expect(legs.find((l) => l.extension === "1002")).toMatchObject({ leg: "b", hangupCause: "NORMAL_CLEARING" });
});

test("sequential: a member with no phone registered is passed over at once, not after its ring seconds", async () => {
  const started = Date.now();
  const call = await providerCall(tier, { ...CALLER, did: "998785553304", talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(lastInvite("1002").at - started).toBeLessThan(3000);
  const { a, b, logged } = await callOf("998785553304", 2, "unregistered-member");
  expect(a).toMatchObject({ did: "998785553304", hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(logged).toMatch(/sofia\/internal\/1004%pbx\.test\|\[leg_timeout=10,presence_id=1002@pbx\.test/);
});
