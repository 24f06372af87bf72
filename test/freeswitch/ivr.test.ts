/**
 * IVR menus on a real FreeSWITCH (issue 10): a provider's call to a DID is
 * answered by menu `main`, whose greeting is a WAV uploaded over REST and
 * served as ivr.conf over xml_curl. The caller keys 2 (RFC 2833
 * telephone-events) and the menu's transfer back into callboard's context
 * `ivr` rings ring group `sales`, where the second member answers; a caller
 * who keys nothing reaches the menu's fallback extension after its
 * failures. Every call's CDRs are stored. With CALLBOARD_TEST_IVR_LOG=DIR
 * what FreeSWITCH logged for each call, and the ivr.conf request body
 * FreeSWITCH sent, are written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { wavBytes } from "../support/wav-bytes.ts";
import { providerCall, startPhone } from "./support/phones.ts";
import { runSipp, type SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const phones: Record<string, SippRun> = {};
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026", "1003": "Night-Desk-2026" };
const CALLER = { from: "998901112233", name: "Mijoz" };
const requests: string[] = [];

type Cdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; hangupCause: string; billSeconds: number };

beforeAll(async () => {
  tier = await startTier({ tap: (raw) => requests.push(raw) });
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Bekzod Aliyev"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  // A one-second 440 Hz greeting, uploaded as an admin would.
  const upload = await fetch(`${tier.cb.url}/api/v1/sounds/welcome`, {
    method: "POST",
    headers: { authorization: `Bearer ${tier.cb.token}`, "content-type": "audio/wav" },
    body: wavBytes({ sampleRate: 8000, frames: 8000 }),
  });
  expect(upload.status).toBe(201);
  expect((await api("POST", "/ring-groups", { name: "sales", members: ["1001", "1002"], callerIdNamePrefix: "IVR - " })).status).toBe(201);
  const menu = {
    name: "main",
    greeting: "welcome",
    options: [
      { digits: "1", destination: { type: "extension", target: "1003" } },
      { digits: "2", destination: { type: "ring_group", target: "sales" } },
    ],
    timeoutSeconds: 2,
    maxFailures: 2,
    fallback: { type: "extension", target: "1003" },
  };
  expect((await api("POST", "/ivr-menus", menu)).status).toBe(201);
  expect((await api("POST", "/dids", { number: "998785553310", destination: { type: "ivr", target: "main" } })).status).toBe(201);
  // 1001 is away: its phone rings and is never picked up. 1002 and the night desk answer.
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], behaviour: "rings" });
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 800 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
}, 90_000);

afterAll(async () => {
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const cdrs = async () => (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items;

/** The call's legs once FreeSWITCH posted `n` of them, and what FreeSWITCH logged for it. */
async function callOf(did: string, n: number, name: string, after: Set<string>) {
  let legs: Cdr[] = [];
  await until(`${n} CDRs of the call to ${did}`, async () => {
    const all = await cdrs();
    const a = all.find((c) => c.did === did && c.leg === "a" && !after.has(c.uuid));
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= n;
  }, 30_000);
  const a = legs.find((l) => l.leg === "a")!;
  const logged = tier.fs
    .log()
    .split("\n")
    .filter((l) => legs.some((leg) => l.includes(leg.uuid)));
  const dir = process.env.CALLBOARD_TEST_IVR_LOG;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.log`), `${logged.join("\n")}\n`);
    const ivrConf = requests.find((r) => r.includes("key_value=ivr.conf"));
    if (ivrConf) writeFileSync(join(dir, "xml_curl-post-configuration-ivr.conf.raw"), ivrConf);
  }
  return { a, b: legs.filter((l) => l.leg === "b"), logged: logged.join("\n") };
}

const seenA = async () => new Set((await cdrs()).filter((c) => c.leg === "a").map((c) => c.uuid));

test("a DID answered by menu main: the caller keys 2 and ring group sales rings; 1002 answers", async () => {
  const before = { "1001": invites("1001"), "1002": invites("1002"), "1003": invites("1003") };
  const seen = await seenA();
  const call = await runSipp({
    scenario: "provider-dtmf.xml",
    target: tier.external,
    keys: { ...CALLER, did: "998785553310", dtmf_after_ms: "1500", talk_ms: "4000" },
    timeoutSeconds: 60,
  });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1002")).toBe(before["1002"] + 1);
  expect(invites("1003")).toBe(before["1003"]);

  // FreeSWITCH asked for the menu by name, with the channel's variables.
  const ivrConf = requests.find((r) => r.includes("key_value=ivr.conf"))!;
  expect(ivrConf).toContain("section=configuration");
  expect(ivrConf).toContain("Menu-Name=main");

  const { a, b, logged } = await callOf("998785553310", 3, "digit-2-ring-group", seen);
  expect(a).toMatchObject({ did: "998785553310", hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1002")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(logged).toContain("ivr(main)");
  expect(logged).toMatch(/transfer\(main\/2 XML ivr\)/);
  expect(logged).toMatch(/bridge\(\{[^}]*origination_caller_id_name=IVR - Mijoz\}\[leg_timeout=20,presence_id=1001@pbx\.test/);
});

test("a caller who keys nothing hears the greeting again, then reaches the fallback extension 1003", async () => {
  const before = { "1002": invites("1002"), "1003": invites("1003") };
  const seen = await seenA();
  const call = await providerCall(tier, { ...CALLER, did: "998785553310", talkMs: 9000 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1003")).toBe(before["1003"] + 1);
  expect(invites("1002")).toBe(before["1002"]);

  const { a, b, logged } = await callOf("998785553310", 2, "no-digit-fallback", seen);
  expect(a).toMatchObject({ did: "998785553310", hangupCause: "NORMAL_CLEARING" });
  expect(b.find((l) => l.extension === "1003")).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(logged).toMatch(/transfer\(main\/fallback XML ivr\)/);
});
