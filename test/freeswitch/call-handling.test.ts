/**
 * Per-extension call handling on a real FreeSWITCH (issue 11): do-not-disturb
 * (busy, then the busy forward), forward on busy (1001's phone answers 486,
 * 1002 answers), forward always to an outside number through the provider's
 * gateway within the extension's class, and `*78` dialled from a phone
 * turning do-not-disturb on through callboard's event socket. With
 * CALLBOARD_TEST_RING_LOG=DIR what FreeSWITCH logged for each call is written
 * there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { placeCall, providerCall, startPhone, startProvider } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let provider: SippRun;
const running: SippRun[] = [];
const PW = { "1001": "Busy-Desk-2026x", "1002": "Colleague-2026x", "1003": "Quiet-Desk-2026", "1004": "Field-Agent-2026", "1005": "Trainee-Desk-26" };
const BELLUZ = { account: "998785553322", password: "Bell-Uz-Secret-77" };
const CALLER = { from: "998901112233", name: "Mijoz" };
const DID = { dnd: "998785553331", busy: "998785553332", out: "998785553333" };
const phones: Record<string, SippRun> = {};

type Cdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; gateway: string | null; hangupCause: string; destinationNumber: string | null };

beforeAll(async () => {
  tier = await startTier();
  provider = await startProvider(BELLUZ);
  running.push(provider);
  const api = tier.cb.api;
  for (const [number, name, outboundClass] of [
    ["1001", "Busy Desk", "national"],
    ["1002", "Colleague", "national"],
    ["1003", "Quiet Desk", "national"],
    ["1004", "Field Agent", "national"],
    ["1005", "Trainee", "internal"],
  ] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number], outboundClass })).status).toBe(201);
  }
  expect((await api("POST", "/gateways", { name: "belluz", host: "127.0.0.1", port: provider.port, username: BELLUZ.account, password: BELLUZ.password, expireSeconds: 600 })).status).toBe(201);
  expect((await api("POST", "/outbound-routes", { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", callerIdNumber: "998785553322" })).status).toBe(201);
  for (const [did, ext] of [[DID.dnd, "1003"], [DID.busy, "1001"], [DID.out, "1004"]] as const) {
    expect((await api("POST", "/dids", { number: did, destination: { type: "extension", target: ext } })).status).toBe(201);
  }
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], behaviour: "busy" });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 500 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
  running.push(...Object.values(phones));
  await until("belluz REGED", async () => (await api<{ state: string | null }>("GET", "/gateways/belluz/status")).body.state === "REGED", 20_000);
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const providerInvites = () => provider.requestsReceived().filter((m) => m === "INVITE").length;

/** The legs of the newest call to `did` once `n` CDRs arrived, and what FreeSWITCH logged for it. */
async function callOf(did: string, n: number, name: string, seen: Set<string>) {
  let legs: Cdr[] = [];
  await until(`${n} CDRs of a new call to ${did}`, async () => {
    const all = (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items;
    const a = all.find((c) => c.did === did && c.leg === "a" && !seen.has(c.callUuid));
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= n;
  }, 30_000);
  seen.add(legs.find((l) => l.leg === "a")!.callUuid);
  const logged = tier.fs
    .log()
    .split("\n")
    .filter((l) => legs.some((leg) => l.includes(leg.uuid)));
  const dir = process.env.CALLBOARD_TEST_RING_LOG;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.log`), `${logged.join("\n")}\n`);
  }
  return { a: legs.find((l) => l.leg === "a")!, b: legs.filter((l) => l.leg === "b"), logged: logged.join("\n") };
}

const seen = new Set<string>();

test("do-not-disturb: the caller gets busy and 1003's phone never rings; with a busy forward, 1002 answers instead", async () => {
  expect((await tier.cb.api("PATCH", "/extensions/1003", { callHandling: { dnd: true } })).status).toBe(200);
  const before = invites("1003");
  const busy = await providerCall(tier, { ...CALLER, did: DID.dnd, talkMs: 500 });
  expect(busy.finalStatus("INVITE")).toBe(486);
  expect(invites("1003")).toBe(before);
  const refused = await callOf(DID.dnd, 1, "dnd-busy", seen);
  expect(refused.a.hangupCause).toBe("USER_BUSY");
  expect(refused.logged).toContain("hangup(USER_BUSY)");

  expect((await tier.cb.api("PATCH", "/extensions/1003", { callHandling: { forwardBusy: { type: "extension", target: "1002" } } })).status).toBe(200);
  const before1002 = invites("1002");
  const forwarded = await providerCall(tier, { ...CALLER, did: DID.dnd, talkMs: 1000 });
  expect([forwarded.finalStatus("INVITE"), forwarded.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1003")).toBe(before);
  expect(invites("1002")).toBe(before1002 + 1);
  const { b, logged } = await callOf(DID.dnd, 2, "dnd-forward", seen);
  expect(b.map((l) => l.extension)).toEqual(["1002"]);
  expect(logged).toContain("user/1002@pbx.test");
});

test("forward on busy: 1001's phone answers 486, the call is handed back to callboard and 1002 answers", async () => {
  expect((await tier.cb.api("PATCH", "/extensions/1001", { callHandling: { forwardBusy: { type: "extension", target: "1002" } } })).status).toBe(200);
  const before = { "1001": invites("1001"), "1002": invites("1002") };
  const call = await providerCall(tier, { ...CALLER, did: DID.busy, talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1002")).toBe(before["1002"] + 1);
  const { a, b, logged } = await callOf(DID.busy, 3, "forward-busy", seen);
  expect(a.hangupCause).toBe("NORMAL_CLEARING");
  expect(b.find((l) => l.extension === "1001")?.hangupCause).toBe("USER_BUSY");
  expect(b.find((l) => l.extension === "1002")?.hangupCause).toBe("NORMAL_CLEARING");
  expect(logged).toContain("transfer(unanswered-1001 XML forward)");
  expect(logged).toMatch(/user\/1002@pbx\.test/);
});

test("forward always to a mobile: a DID call to 1004 leaves through belluz with the company's number; a class that may not dial it is refused", async () => {
  const barred = await tier.cb.api<{ error: { field: string } }>("PATCH", "/extensions/1005", { callHandling: { forwardAlways: { type: "number", target: "998901234567" } } });
  expect(barred.status).toBe(422);
  expect(barred.body.error.field).toBe("callHandling.forwardAlways.target");

  expect((await tier.cb.api("PATCH", "/extensions/1004", { callHandling: { forwardAlways: { type: "number", target: "998901234567" } } })).status).toBe(200);
  const before = providerInvites();
  const call = await providerCall(tier, { ...CALLER, did: DID.out, talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(providerInvites()).toBe(before + 1);
  const invite = provider.trace().split(/-{10,}/).filter((m) => m.includes("INVITE sip:998901234567")).pop() ?? "";
  expect(invite).toMatch(/From: .*998785553322/);
  const { b, logged } = await callOf(DID.out, 2, "forward-always-out", seen);
  expect(b.some((l) => l.gateway === "belluz")).toBe(true);
  expect(logged).toContain("sofia/gateway/belluz/998901234567");
});

test("*78 from a phone turns do-not-disturb on (the API shows it, audited as the phone); *79 turns it off", async () => {
  const on = await placeCall(tier, { from: "1005", password: PW["1005"], to: "*78", talkMs: 300 });
  expect(on.finalStatus("INVITE")).toBe(200);
  await until("1005 on do-not-disturb", async () => (await tier.cb.api<{ callHandling: { dnd: boolean } }>("GET", "/extensions/1005")).body.callHandling.dnd, 10_000);
  const audit = await tier.cb.api<{ items: { actor: string; action: string }[] }>("GET", "/audit");
  expect(audit.body.items[0]).toMatchObject({ actor: "phone 1005", action: "feature code *78" });
  const dir = process.env.CALLBOARD_TEST_RING_LOG;
  if (dir) writeFileSync(join(dir, "feature-78.log"), `${tier.fs.log().split("\n").filter((l) => /\*78|callboard::feature|tone_stream/.test(l)).join("\n")}\n`);
  expect(tier.fs.log()).toMatch(/event\(Event-Name=CUSTOM,Event-Subclass=callboard::feature,callboard_feature=dnd_on,callboard_extension=1005\)/);

  const off = await placeCall(tier, { from: "1005", password: PW["1005"], to: "*79", talkMs: 300 });
  expect(off.finalStatus("INVITE")).toBe(200);
  await until("1005 off do-not-disturb", async () => !(await tier.cb.api<{ callHandling: { dnd: boolean } }>("GET", "/extensions/1005")).body.callHandling.dnd, 10_000);

  const refused = await placeCall(tier, { from: "1005", password: PW["1005"], to: "*72998901234567", talkMs: 300 });
  expect(refused.finalStatus("INVITE")).toBe(403);
  expect((await tier.cb.api<{ callHandling: { forwardAlways: unknown } }>("GET", "/extensions/1005")).body.callHandling.forwardAlways).toBeNull();
});
