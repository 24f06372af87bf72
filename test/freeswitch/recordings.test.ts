/**
 * Recordings on a real FreeSWITCH: a recorded DID call leaves a file
 * callboard judges ok, and one FreeSWITCH cannot write is stored as failed
 * instead of vanishing. The tier runs FreeSWITCH as root, so a regular file
 * standing where the dated folder must go stands in for a folder the
 * freeswitch user may not write: both end in switch_core_file_open failing
 * (`Error opening <file>`, record_completion_cause=uri-failure, no
 * RECORD_START/STOP), and the call goes on.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { datedFolder } from "../../src/pbx/recording-path.ts";
import { until } from "../support/until.ts";
import { providerCall, startPhone, startProvider } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const running: SippRun[] = [];
const DID = "998785553322";
const PW = "Operator-One-2026";

type Recording = { id: number; channelUuid: string; callUuid: string | null; status: string; sizeBytes: number | null };
type Cdr = { uuid: string; did: string | null; recordingIds: number[] };

beforeAll(async () => {
  tier = await startTier();
  const provider = await startProvider({ account: DID, password: "Bell-Uz-Secret-77" });
  running.push(provider);
  const api = tier.cb.api;
  expect((await api("POST", "/extensions", { number: "1001", name: "Dilnoza Karimova", password: PW })).status).toBe(201);
  const gw = await api("POST", "/gateways", { name: "belluz", host: "127.0.0.1", port: provider.port, username: DID, password: "Bell-Uz-Secret-77" });
  expect(gw.status).toBe(201);
  expect((await api("POST", "/dids", { number: DID, gateway: "belluz", destination: { type: "extension", target: "1001" }, record: true })).status).toBe(201);
  running.push(await startPhone(tier, { user: "1001", password: PW, answerMs: 200 }));
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

/** Places a recorded DID call and returns the recording its CDR named. */
async function recordedCall(): Promise<Recording> {
  const before = new Set(((await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items).map((c) => c.uuid));
  const call = await providerCall(tier, { from: "998901112233", did: DID, talkMs: 1500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  let ids: number[] = [];
  await until("the call's CDR naming a recording", async () => {
    const fresh = (await tier.cb.api<{ items: Cdr[] }>("GET", "/cdrs?limit=500")).body.items.filter((c) => !before.has(c.uuid) && c.did === DID);
    ids = fresh.flatMap((c) => c.recordingIds);
    return ids.length > 0;
  }, 15_000);
  return (await tier.cb.api<Recording>("GET", `/recordings/${ids[0]}`)).body;
}

test("a recorded call FreeSWITCH could write is ok and its audio is served", async () => {
  const rec = await recordedCall();
  expect(rec.status).toBe("ok");
  expect(rec.sizeBytes).toBeGreaterThan(44);
  const audio = await fetch(`${tier.cb.url}/api/v1/recordings/${rec.id}/audio`, { headers: { authorization: `Bearer ${tier.cb.token}` } });
  expect(audio.status).toBe(200);
});

test("a recording FreeSWITCH cannot write is stored as failed, listed as failed, and /audio says why", async () => {
  // A regular file where today's (and tomorrow's) dated folder must be: FreeSWITCH cannot open a file under it.
  const days = [new Date(), new Date(Date.now() + 86_400_000)].map((d) => join(tier.fs.recordingsDir, datedFolder(d)));
  for (const day of days) {
    rmSync(day, { recursive: true, force: true });
    mkdirSync(join(day, ".."), { recursive: true });
    writeFileSync(day, "not a folder");
  }
  const rec = await recordedCall();
  expect(rec.status).toBe("failed");
  expect(tier.fs.log()).toContain(`[ERR] switch_ivr_async.c:3137 Error opening ${days[0]}/`);
  const failed = (await tier.cb.api<{ items: Recording[] }>("GET", "/recordings?status=failed")).body.items;
  expect(failed.map((r) => r.id)).toContain(rec.id);
  const audio = await fetch(`${tier.cb.url}/api/v1/recordings/${rec.id}/audio`, { headers: { authorization: `Bearer ${tier.cb.token}` } });
  expect(audio.status).toBe(410);
  expect(((await audio.json()) as { error: { code: string } }).error.code).toBe("recording_failed");
  for (const day of days) rmSync(day, { force: true });
});
