/**
 * Time conditions on a real FreeSWITCH: a provider's call to a DID behind
 * business hours rings the open destination while the schedule is open, and
 * the closed destination once callboard's clock says it is past closing time
 * (the clock is injected, not waited for; FreeSWITCH keeps the real one).
 * The schedule closes 5 minutes from now on the PBX's wall clock, and the
 * clock is moved 10 minutes on: well within the phones' registrations.
 * A ring group nobody answers (1003 rings, never picks up) falls back to the
 * same condition: FreeSWITCH transfers the call into callboard's context
 * `forward` and callboard decides open or closed then.
 * With CALLBOARD_TEST_RING_LOG=DIR what FreeSWITCH logged for each call is
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
const running: SippRun[] = [];
const PW = { "1001": "Night-Desk-2026x", "1002": "Day-Desk-2026xy", "1003": "Away-Desk-2026xz" };
const phones: Record<string, SippRun> = {};
const CALLER = { from: "998901112233", name: "Mijoz" };
const DID = "998785553311";
const GROUP_DID = "998785553312";


const hhmm = (minute: number) => {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

beforeAll(async () => {
  tier = await startTier({ now: () => Date.now() + shift });
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Night Desk"], ["1002", "Day Desk"], ["1003", "Away Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  // Open every day from an hour ago until 5 minutes from now, on the PBX's wall clock (an overnight rule if that crosses midnight).
  const local = wallClock(new Date(), tier.cb.config.timeZone).minute;
  const rule = { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], open: hhmm(local - 60), close: hhmm(local + 5) };
  const tc = { name: "business-hours", schedule: { rules: [rule] }, open: { type: "extension", target: "1002" }, closed: { type: "extension", target: "1001" } };
  expect((await api("POST", "/time-conditions", tc)).status).toBe(201);
  expect((await api("POST", "/dids", { number: DID, destination: { type: "time_condition", target: "business-hours" } })).status).toBe(201);
  const late = { name: "late", members: ["1003"], ringSeconds: 5, timeoutSeconds: 5, fallback: { type: "time_condition", target: "business-hours" } };
  expect((await api("POST", "/ring-groups", late)).status).toBe(201);
  expect((await api("POST", "/dids", { number: GROUP_DID, destination: { type: "ring_group", target: "late" } })).status).toBe(201);
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 500 });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 500 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], behaviour: "rings" });
  running.push(...Object.values(phones));
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;

const newestCall = didCalls(() => tier, "CALLBOARD_TEST_RING_LOG");

test("while open: the DID rings the open destination, 1002", async () => {
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const trace = (await tier.cb.api<{ chain: { kind: string; state?: string }[] }>("GET", `/dids/${DID}/trace`)).body;
  expect(trace.chain[1]).toMatchObject({ kind: "time_condition", state: "open" });
  const call = await providerCall(tier, { ...CALLER, did: DID, talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1002")).toBe(before["1002"] + 1);
  expect(invites("1001")).toBe(before["1001"]);
  const { a, b, logged } = await newestCall(DID, 2, "time-condition-open");
  expect(a).toMatchObject({ did: DID, hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(logged).toContain("user/1002@pbx.test");
});

test("while open: a ring group nobody answers falls back to the condition; FreeSWITCH transfers into context forward and 1002 answers", async () => {
  const before = { "1002": invites("1002"), "1003": invites("1003") };
  const call = await providerCall(tier, { ...CALLER, did: GROUP_DID, talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1003")).toBe(before["1003"] + 1);
  expect(invites("1002")).toBe(before["1002"] + 1);
  const { a, b, logged } = await newestCall(GROUP_DID, 3, "ring-group-time-condition-fallback");
  expect(a).toMatchObject({ did: GROUP_DID, hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1003")!.hangupCause).not.toBe("NORMAL_CLEARING");
  expect(b.find((l) => l.extension === "1002")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  // The group's bridge failed, continue_on_fail ran the transfer, and callboard's forward context rang the open side.
  expect(logged).toContain("Originate Failed.  Cause: NO_ANSWER");
  expect(logged).toContain("transfer(time-condition-business-hours XML forward)");
  expect(logged).toContain("user/1002@pbx.test");
});

test("after closing time (callboard's clock moved 10 minutes on): the same DID rings the closed destination, 1001", async () => {
  shift = 10 * 60_000;
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const trace = (await tier.cb.api<{ chain: { kind: string; state?: string; reason?: { kind: string } }[] }>("GET", `/dids/${DID}/trace`)).body;
  expect(trace.chain[1]).toMatchObject({ kind: "time_condition", state: "closed", reason: { kind: "no_rule" } });
  expect(trace.chain[2]).toMatchObject({ kind: "extension", number: "1001" });
  const call = await providerCall(tier, { ...CALLER, did: DID, talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1002")).toBe(before["1002"]);
  const { a, b, logged } = await newestCall(DID, 2, "time-condition-closed");
  expect(a).toMatchObject({ did: DID, hangupCause: "NORMAL_CLEARING" });
  expect(b.map((l) => l.extension)).toEqual(["1001"]);
  expect(logged).toContain("user/1001@pbx.test");
});
