/**
 * FreeSWITCH killed with SIGKILL mid-call and started again: callboard's ESL
 * client notices, reconnects by itself, resyncs, and its live state is
 * exactly what FreeSWITCH reports; calls after the restart are seen live
 * (issue 8, the kill -9 case). Prints the measured times.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createEslClient } from "../../src/esl/esl-client.ts";
import type { EslPort } from "../../src/esl/port.ts";
import { createLogger } from "../../src/log.ts";
import { until } from "../support/until.ts";
import { placeCall, startCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let truth: EslPort;
const running: SippRun[] = [];
const PW = { "1001": "Reconnect-Caller-1", "1002": "Reconnect-Callee-2" };

beforeAll(async () => {
  tier = await startTier();
  for (const [number, password] of Object.entries(PW)) {
    expect((await tier.cb.api("POST", "/extensions", { number, name: `Operator ${number}`, password })).status).toBe(201);
  }
  truth = createEslClient({ ...tier.esl, log: createLogger("silent") });
}, 60_000);

afterAll(async () => {
  truth?.close();
  for (const r of running) await r.stop();
  await tier?.stop();
});

const live = () => tier.cb.system.live.snapshot();
const rows = async (what: string) => {
  const r = await truth.api(`show ${what} as json`);
  if (!r.ok) throw new Error(`show ${what}: ${r.kind}`);
  const parsed = JSON.parse(r.value) as { rows?: { uuid?: string; reg_user?: string }[] };
  return parsed.rows ?? [];
};

test("kill -9 mid-call: callboard reconnects, resyncs to FreeSWITCH's exact state, and sees the next call live", async () => {
  const phone = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 100 });
  running.push(phone);
  const call = await startCall(tier, { from: "1001", password: PW["1001"], to: "1002", talkMs: 60_000 });
  running.push(call);
  await until("the call live in callboard", () => live().calls.some((c) => c.state === "active"));
  expect(live().channels).toHaveLength(2);

  const killedAt = performance.now();
  await tier.fs.kill9();
  await until("callboard noticed", () => live().status.esl !== "connected");
  const noticedMs = performance.now() - killedAt;

  const restartAt = performance.now();
  await tier.fs.restart();
  const startedMs = performance.now() - restartAt;
  await until("ESL connected again", () => live().status.esl === "connected", 20_000);
  const reconnectedMs = performance.now() - restartAt;
  // The call died with FreeSWITCH: the resync must drop it, not keep a ghost.
  await until("the dead call gone from the live state", () => live().calls.length === 0 && live().channels.length === 0, 10_000);
  const resyncedMs = performance.now() - restartAt;
  await until("the truth client reconnected", () => truth.status() === "connected", 20_000);
  expect(await rows("channels")).toEqual([]);
  expect(await rows("calls")).toEqual([]);
  const fsRegs = (await rows("registrations")).map((r) => r.reg_user ?? "").sort();
  expect(live().registrations.map((r) => r.user).sort()).toEqual(fsRegs);
  console.log(
    `kill -9: noticed in ${noticedMs.toFixed(0)} ms; FreeSWITCH up again in ${startedMs.toFixed(0)} ms; ` +
      `ESL reconnected ${reconnectedMs.toFixed(0)} ms and live state resynced ${resyncedMs.toFixed(0)} ms after the restart began`,
  );
  await call.stop();

  // The phone's registration died with FreeSWITCH's sofia state or survives in its db: either way a new phone registers and a new call is live.
  const phone2 = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 100 });
  running.push(phone2);
  const second = placeCall(tier, { from: "1001", password: PW["1001"], to: "1002", talkMs: 1500 });
  await until("the call after the restart live in callboard", () => live().calls.some((c) => c.state === "active"));
  const done = await second;
  expect(done.finalStatus("INVITE")).toBe(200);
  await until("the live state empty again", () => live().calls.length === 0 && live().channels.length === 0);
}, 120_000);
