/**
 * Calls through a real FreeSWITCH routed by callboard's dialplan answers:
 * extension to extension, a DID from the provider (recorded), out through the
 * bell.uz gateway, and the CDR of every leg stored once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { placeCall, providerCall, startPhone, startProvider } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let provider: SippRun;
const running: SippRun[] = [];
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026" };
const BELLUZ = { account: "998785553322", password: "Bell-Uz-Secret-77" };

type Cdr = { uuid: string; callUuid: string; leg: string; callerIdNumber: string | null; destinationNumber: string | null; did: string | null; gateway: string | null; hangupCause: string; billSeconds: number; recordingIds: number[] };
type Call = { id: string; legs?: unknown[] };

beforeAll(async () => {
  tier = await startTier();
  provider = await startProvider(BELLUZ);
  running.push(provider);
  const api = tier.cb.api;
  expect((await api("POST", "/extensions", { number: "1001", name: "Dilnoza Karimova", password: PW["1001"], outboundClass: "international" })).status).toBe(201);
  expect((await api("POST", "/extensions", { number: "1002", name: "Шахноза Юсупова", password: PW["1002"] })).status).toBe(201);
  const gw = await api<{ freeswitch: { applied: boolean } }>("POST", "/gateways", {
    name: "belluz", host: "127.0.0.1", port: provider.port, username: BELLUZ.account, password: BELLUZ.password, expireSeconds: 600,
  });
  expect(gw.status).toBe(201);
  expect(gw.body.freeswitch.applied).toBe(true);
  expect((await api("POST", "/dids", { number: "998785553322", gateway: "belluz", destination: { type: "extension", target: "1001" }, record: true })).status).toBe(201);
  expect((await api("POST", "/outbound-routes", { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national", callerIdNumber: "998785553322" })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const cdrsOf = async (callUuid?: string) => {
  const { body } = await tier.cb.api<{ items: Cdr[] }>("GET", `/cdrs?limit=500${callUuid ? `&call=${callUuid}` : ""}`);
  return body.items;
};

test("a gateway created over REST reaches REGED with the provider's password, no restart", async () => {
  await until("belluz REGED", async () => {
    const { body } = await tier.cb.api<{ state: string | null }>("GET", "/gateways/belluz/status");
    return body.state === "REGED";
  }, 20_000);
  expect(provider.requestsReceived().filter((m) => m === "REGISTER").length).toBeGreaterThanOrEqual(2);
});

test("1001 calls 1002: the call is bridged and both legs' CDRs are stored once", async () => {
  const phone = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 300 });
  running.push(phone);
  const before = (await cdrsOf()).length;
  const call = await placeCall(tier, { from: "1001", password: PW["1001"], name: "Dilnoza Karimova", to: "1002", talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  await until("both legs' CDRs", async () => (await cdrsOf()).length >= before + 2, 15_000);
  const legs = (await cdrsOf()).slice(0, 2);
  expect(new Set(legs.map((l) => l.callUuid)).size).toBe(1);
  expect(legs.map((l) => l.leg).sort()).toEqual(["a", "b"]);
  expect(legs.every((l) => l.hangupCause === "NORMAL_CLEARING")).toBe(true);
  expect(legs.find((l) => l.leg === "a")?.billSeconds).toBeGreaterThanOrEqual(1);
  await Bun.sleep(1000);
  expect((await cdrsOf()).length).toBe(before + 2);
});

test("a provider call to the DID reaches 1001, is recorded, and the recording is registered", async () => {
  const phone = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 200 });
  running.push(phone);
  const call = await providerCall(tier, { from: "998901112233", did: "998785553322", talkMs: 2000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  let mine: Cdr[] = [];
  await until("the DID call's CDRs with a recording", async () => {
    mine = (await cdrsOf()).filter((c) => c.did === "998785553322");
    return mine.length >= 2 && mine.some((c) => c.recordingIds.length > 0);
  }, 15_000);
  const { body } = await tier.cb.api<{ items: { id: number; sizeBytes?: number; bytes?: number; status?: string }[] }>("GET", "/recordings");
  expect(body.items.length).toBeGreaterThanOrEqual(1);
  const id = mine.find((c) => c.recordingIds.length > 0)!.recordingIds[0]!;
  const audio = await fetch(`${tier.cb.url}/api/v1/recordings/${id}/audio`, { headers: { authorization: `Bearer ${tier.cb.token}` } });
  expect(audio.status).toBe(200);
  const wav = new Uint8Array(await audio.arrayBuffer());
  expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe("RIFF");
  expect(wav.length).toBeGreaterThan(44);
});

test("1001 dials a mobile number: it leaves through belluz to the provider with the company's number", async () => {
  const before = provider.requestsReceived().filter((m) => m === "INVITE").length;
  const call = await placeCall(tier, { from: "1001", password: PW["1001"], to: "998901234567", talkMs: 1000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(provider.requestsReceived().filter((m) => m === "INVITE").length).toBe(before + 1);
  const invite = provider.trace().split(/-{10,}/).filter((m) => m.includes("INVITE sip:998901234567")).pop() ?? "";
  expect(invite).toContain("INVITE sip:998901234567@127.0.0.1");
  expect(invite).toMatch(/From: .*998785553322/);
  await until("the outbound CDRs", async () => (await cdrsOf()).some((c) => c.gateway === "belluz" && c.destinationNumber?.includes("998901234567")), 15_000);
});

test("an unknown number from a phone is refused and never reaches the provider", async () => {
  const before = provider.requestsReceived().filter((m) => m === "INVITE").length;
  const call = await placeCall(tier, { from: "1001", password: PW["1001"], to: "0012025550100", talkMs: 500 });
  expect(call.finalStatus("INVITE")).toBeGreaterThanOrEqual(400);
  expect(provider.requestsReceived().filter((m) => m === "INVITE").length).toBe(before);
});

test("a DID call never reaches a gateway: a provider dialling an outside number through the public profile is refused", async () => {
  const before = provider.requestsReceived().filter((m) => m === "INVITE").length;
  const call = await providerCall(tier, { from: "998901112233", did: "998901234567", talkMs: 500 });
  expect(call.finalStatus("INVITE")).toBeGreaterThanOrEqual(400);
  expect(provider.requestsReceived().filter((m) => m === "INVITE").length).toBe(before);
});
