/**
 * callboard is restarted while a call is up: FreeSWITCH cannot deliver the
 * call's CDRs, parks them in json_cdr_errors after its last try, and
 * callboard stores them from there when it is back — each leg once, none
 * lost (issue 7, 2b).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until.ts";
import { placeCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const running: SippRun[] = [];
const PW = { "1001": "Outage-Caller-01", "1002": "Outage-Callee-02" };

beforeAll(async () => {
  tier = await startTier();
  for (const [number, password] of Object.entries(PW)) {
    expect((await tier.cb.api("POST", "/extensions", { number, name: `Operator ${number}`, password })).status).toBe(201);
  }
  running.push(await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 200 }));
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const parked = () => (existsSync(tier.fs.cdrErrorDir) ? readdirSync(tier.fs.cdrErrorDir).filter((f) => f.endsWith(".cdr.json")) : []);

test("CDRs of a call that ends while callboard is down are parked by FreeSWITCH and stored once when it is back", async () => {
  const call = placeCall(tier, { from: "1001", password: PW["1001"], to: "1002", talkMs: 4000 });
  await until("the call is up", async () => {
    const { body } = await tier.cb.api<{ items: { state: string }[] }>("GET", "/calls");
    return body.items.some((c) => c.state === "active");
  });
  await tier.stopCallboard();
  const ended = await call;
  expect([ended.finalStatus("INVITE"), ended.finalStatus("BYE")]).toEqual([200, 200]);

  // mod_json_cdr: 4 tries 5 s apart (retries=3), then the file.
  await until("both legs parked in json_cdr_errors", () => parked().length === 2, 40_000);
  expect(tier.fs.log()).toContain("Unable to post to web server");

  // The replayer leaves files younger than 2 s for its next pass (they may be half-written).
  await Bun.sleep(2500);
  await tier.startCallboardAgain();
  let legs: { uuid: string; leg: string; callUuid: string }[] = [];
  await until("both parked legs stored", async () => {
    legs = (await tier.cb.api<{ items: typeof legs }>("GET", "/cdrs")).body.items;
    return legs.length === 2;
  }, 15_000);
  expect(legs.map((l) => l.leg).sort()).toEqual(["a", "b"]);
  expect(new Set(legs.map((l) => l.callUuid)).size).toBe(1);
  await until("the stored files moved out of the way", () => parked().length === 0);
  expect(readdirSync(join(tier.fs.cdrErrorDir, "stored")).sort()).toEqual(legs.map((l) => `${l.uuid}.cdr.json`).sort());

  // A second restart replays nothing twice.
  await tier.restartCallboard();
  await Bun.sleep(500);
  expect((await tier.cb.api<{ items: unknown[] }>("GET", "/cdrs")).body.items).toHaveLength(2);
}, 90_000);
