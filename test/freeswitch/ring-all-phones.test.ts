/**
 * An operator with MicroSIP on the desk and a softphone on a mobile behind
 * NAT: a call to the extension rings both, the first answer wins and the
 * other phone is cancelled (issue 7, 2d).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { placeCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const running: SippRun[] = [];
const PW = { "1003": "Desk-And-Mobile-3", "1004": "Caller-Four-2026" };

beforeAll(async () => {
  tier = await startTier();
  expect((await tier.cb.api("POST", "/extensions", { number: "1003", name: "Malika Rashidova", password: PW["1003"] })).status).toBe(201);
  expect((await tier.cb.api("POST", "/extensions", { number: "1004", name: "Bekzod Aliev", password: PW["1004"] })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

test("both registered phones of 1003 ring; the mobile behind NAT answers and the desk phone is cancelled", async () => {
  const desk = await startPhone(tier, { user: "1003", password: PW["1003"], behaviour: "rings" });
  // Contact names a private address the phone cannot be reached at; only its REGISTER's source port works.
  const mobile = await startPhone(tier, { user: "1003", password: PW["1003"], behaviour: "answers", answerMs: 800, contactHost: "192.168.77.7" });
  running.push(desk, mobile);
  const { body } = await tier.cb.api<{ items: { user: string; dialUri: string }[] }>("GET", "/registrations");
  const mobileReg = body.items.find((r) => r.user === "1003" && r.dialUri.includes("192.168.77.7"));
  expect(mobileReg?.dialUri).toContain("fs_nat=yes");

  const call = await placeCall(tier, { from: "1004", password: PW["1004"], to: "1003", talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  await until("the desk phone's ring cancelled", () => desk.requestsReceived().includes("CANCEL"));
  expect(desk.requestsReceived().filter((m) => m === "INVITE")).toHaveLength(1);
  expect(mobile.requestsReceived()).toContain("INVITE");
  await until("the mobile's leg hung up after the caller's BYE", () => mobile.requestsReceived().includes("BYE"));
});
