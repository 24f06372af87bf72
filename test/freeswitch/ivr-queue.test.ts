/**
 * The IVR → queue path on a real FreeSWITCH (issue 10): a provider's call to
 * a DID is answered by menu `main`; the caller keys 1 (RFC 2833, sipp's own
 * dtmf_2833_1.pcap) and the menu's transfer back into callboard's context
 * `ivr` puts the caller in queue `support` (mod_callcenter), where the
 * available agent 1001 (a sipp phone) answers. The call's CDRs are stored.
 * With CALLBOARD_TEST_IVR_LOG=DIR what FreeSWITCH logged for the call is
 * written there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { wavBytes } from "../support/wav-bytes.ts";
import { startPhone } from "./support/phones.ts";
import { runSipp, type SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const phones: Record<string, SippRun> = {};
const PW = { "1001": "Operator-One-2026", "1003": "Night-Desk-2026" };
const CALLER = { from: "998901112233", name: "Mijoz" };
const DID = "998785553312";

type Cdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; hangupCause: string; billSeconds: number };

/**
 * provider-dtmf.xml keying 1: sipp reads play_pcap_audio's file when it loads
 * the scenario (no -key substitution there), so the test writes the variant.
 */
function scenarioKeying(digit: string): string {
  const base = readFileSync(join(import.meta.dir, "sipp/provider-dtmf.xml"), "utf8");
  const pcap = "/usr/share/sip-tester/dtmf_2833_2.pcap";
  expect(base).toContain(pcap);
  const file = join(mkdtempSync(join(tmpdir(), "callboard-dtmf-")), `provider-dtmf-${digit}.xml`);
  writeFileSync(file, base.replace(pcap, `/usr/share/sip-tester/dtmf_2833_${digit}.pcap`));
  return file;
}

beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  const upload = await fetch(`${tier.cb.url}/api/v1/sounds/welcome`, {
    method: "POST",
    headers: { authorization: `Bearer ${tier.cb.token}`, "content-type": "audio/wav" },
    body: wavBytes({ sampleRate: 8000, frames: 8000 }),
  });
  expect(upload.status).toBe(201);
  phones["1001"] = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 800 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 500 });
  const agent = await api<{ freeswitch: { applied: boolean } }>("POST", "/agents", { extension: "1001", status: "Available", wrapUpSeconds: 0 });
  expect(agent).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  const queue = await api<{ freeswitch: { applied: boolean } }>("POST", "/queues", {
    name: "support",
    maxWaitSeconds: 20,
    agents: [{ agent: "1001" }],
    fallback: { type: "extension", target: "1003" },
  });
  expect(queue).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  const menu = {
    name: "main",
    greeting: "welcome",
    options: [
      { digits: "1", destination: { type: "queue", target: "support" } },
      { digits: "2", destination: { type: "extension", target: "1003" } },
    ],
    timeoutSeconds: 3,
    maxFailures: 2,
    fallback: { type: "extension", target: "1003" },
  };
  expect((await api("POST", "/ivr-menus", menu)).status).toBe(201);
  expect((await api("POST", "/dids", { number: DID, destination: { type: "ivr", target: "main" } })).status).toBe(201);
}, 90_000);

afterAll(async () => {
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const cdrs = async () => (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items;

test("a DID answered by menu main: the caller keys 1, waits in queue support, and the available agent 1001 answers", async () => {
  const before = { "1001": invites("1001"), "1003": invites("1003") };
  const call = await runSipp({
    scenario: scenarioKeying("1"),
    target: tier.external,
    keys: { ...CALLER, did: DID, dtmf_after_ms: "1500", talk_ms: "6000" },
    timeoutSeconds: 60,
  });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  expect(invites("1001")).toBe(before["1001"] + 1);
  expect(invites("1003")).toBe(before["1003"]);

  let legs: Cdr[] = [];
  await until(`2 CDRs of the call to ${DID}`, async () => {
    const all = await cdrs();
    const a = all.find((c) => c.did === DID && c.leg === "a");
    legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
    return legs.length >= 2;
  }, 30_000);
  expect(legs.find((l) => l.leg === "a")).toMatchObject({ did: DID, hangupCause: "NORMAL_CLEARING" });
  const agentLeg = legs.find((l) => l.leg === "b" && l.extension === "1001");
  expect(agentLeg).toMatchObject({ hangupCause: "NORMAL_CLEARING" });
  expect(agentLeg!.billSeconds).toBeGreaterThanOrEqual(1);
  expect(legs.filter((l) => l.leg === "b").map((l) => l.extension)).toEqual(["1001"]);

  const logged = tier.fs
    .log()
    .split("\n")
    .filter((l) => legs.some((leg) => l.includes(leg.uuid)))
    .join("\n");
  const dir = process.env.CALLBOARD_TEST_IVR_LOG;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "digit-1-queue.log"), `${logged}\n`);
  }
  expect(logged).toContain("ivr(main)");
  expect(logged).toMatch(/RECV DTMF 1/);
  expect(logged).toMatch(/transfer\(main\/1 XML ivr\)/);
  expect(logged).toContain("callcenter(support)");
  expect(logged).toMatch(/Channel \[sofia\/internal\/1001@[^\]]+\] has been answered/);
  // Answered by the agent: the queue's fallback bridge to 1003 never ran.
  expect(logged).not.toMatch(/presence_id=1003@pbx\.test/);
});
