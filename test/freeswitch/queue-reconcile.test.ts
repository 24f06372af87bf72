/**
 * mod_callcenter kept in step with callboard's database on a real
 * FreeSWITCH 1.10.12 (review B5, B6): whatever FreeSWITCH missed — a change
 * made while callboard was down, an agent changed behind callboard's back,
 * a status set over REST while FreeSWITCH was dead — is sent again on the
 * next ESL connect, a command FreeSWITCH refused is retried on the live
 * link, and the live queue agents are rebuilt from FreeSWITCH's own
 * `callcenter_config agent list`. With CALLBOARD_TEST_QUEUE_LOG=DIR
 * what FreeSWITCH logged is written to DIR/reconcile.log.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dbFile } from "../../src/db/client.ts";
import { createEslClient } from "../../src/esl/esl-client.ts";
import type { EslPort } from "../../src/esl/port.ts";
import { createLogger } from "../../src/log.ts";
import { until } from "../support/until.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let truth: EslPort;

type Written = { status: string; freeswitch: { applied: boolean; pending?: true; error?: string } };
type LiveAgent = { name: string; status: string; state: string };

beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  for (const number of ["1001", "1002", "1003"]) {
    expect((await api("POST", "/extensions", { number, name: `Operator ${number}`, password: `Reconcile-${number}-2026` })).status).toBe(201);
  }
  for (const [extension, status] of [["1001", "Available"], ["1002", "Logged Out"], ["1003", "On Break"]]) {
    expect(await api("POST", "/agents", { extension, status })).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  }
  const queue = await api("POST", "/queues", { name: "support", agents: [{ agent: "1001" }, { agent: "1002" }, { agent: "1003" }] });
  expect(queue).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  truth = createEslClient({ ...tier.esl, log: createLogger("silent") });
  await until("the truth client connected", () => truth.status() === "connected", 15_000);
}, 90_000);

afterAll(async () => {
  const dir = process.env.CALLBOARD_TEST_QUEUE_LOG;
  if (dir && tier) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "reconcile.log"), tier.fs.log());
  }
  truth?.close();
  await tier?.stop();
});

/** What mod_callcenter itself says, asked on a connection of the test's own. */
async function fsStatus(agent: string): Promise<string> {
  const r = await truth.api(`callcenter_config agent get status ${agent}`, { timeout: 5_000 });
  return r.ok ? r.value.trim() : r.kind === "error" ? `-ERR ${r.message}` : `${r.kind}: ${r.message}`;
}
const liveAgents = async () => (await tier.cb.api<{ items: LiveAgent[] }>("GET", "/queue-agents")).body.items;

test("callboard down: a status changed in FreeSWITCH behind its back and one changed in its database are both put right when it starts", async () => {
  await tier.stopCallboard();
  // FreeSWITCH drifts from the database (an fs_cli user, a change that never arrived) ...
  expect(await truth.api("callcenter_config agent set status 1001 'On Break'")).toMatchObject({ ok: true });
  expect(await truth.api("callcenter_config agent del 1003")).toMatchObject({ ok: true });
  // ... and the database changes while nobody tells FreeSWITCH (a write made before a crash).
  const db = new Database(dbFile(tier.cb.config.dataDir));
  db.run("UPDATE queue_agents SET status = 'Available' WHERE extension_number = '1002'");
  db.close();
  expect([await fsStatus("1001"), await fsStatus("1002"), await fsStatus("1003")]).toEqual(["On Break", "Logged Out", "-ERR Agent not found!"]);

  await tier.startCallboardAgain();
  await until("mod_callcenter reconciled", async () => (await fsStatus("1001")) === "Available", 15_000);
  expect([await fsStatus("1001"), await fsStatus("1002"), await fsStatus("1003")]).toEqual(["Available", "Available", "On Break"]);
  const tiers = await truth.api("callcenter_config tier list", { timeout: 5_000 });
  expect(tiers.ok && tiers.value).toContain("support|1003|Ready|1|1");
  // A callboard that just started knows the agents from FreeSWITCH's list, not from events it never saw.
  await until("the live agents from agent list", async () => (await liveAgents()).length === 3, 10_000);
  expect((await liveAgents()).map((a) => [a.name, a.status])).toEqual([
    ["1001", "Available"],
    ["1002", "Available"],
    ["1003", "On Break"],
  ]);
}, 90_000);

test("FreeSWITCH dead: a status set over REST is pending; after the restart FreeSWITCH and GET /queue-agents both have it", async () => {
  const set = await tier.cb.api<Written>("PUT", "/agents/1001/status", { status: "On Break" });
  expect(set).toMatchObject({ status: 200, body: { status: "On Break", freeswitch: { applied: true } } });
  await until("the live agent On Break", async () => (await liveAgents()).find((a) => a.name === "1001")?.status === "On Break");

  await tier.fs.kill9();
  await until("callboard noticed", () => tier.cb.system.live.snapshot().status.esl !== "connected", 15_000);
  const away = await tier.cb.api<Written>("PUT", "/agents/1001/status", { status: "Logged Out" });
  expect(away).toMatchObject({ status: 200, body: { status: "Logged Out", freeswitch: { applied: false, pending: true } } });

  await tier.fs.restart();
  await until("ESL connected again", () => tier.cb.system.live.snapshot().status.esl === "connected", 30_000);
  await until("the truth client reconnected", () => truth.status() === "connected", 30_000);
  await until("FreeSWITCH has the pending status", async () => (await fsStatus("1001")) === "Logged Out", 15_000);
  // The live state is FreeSWITCH's fresh list: no agent still 'On Break' from before the restart.
  await until("the live agents rebuilt", async () => (await liveAgents()).find((a) => a.name === "1001")?.status === "Logged Out", 10_000);
  const fresh = await truth.api("callcenter_config agent list", { timeout: 5_000 });
  const listed = (fresh.ok ? fresh.value : "").split("\n").slice(1, -2).map((l) => l.split("|")).map((c) => [c[0] ?? "", c[5] ?? "", c[6] ?? ""]);
  expect((await liveAgents()).map((a) => [a.name, a.status, a.state])).toEqual(listed);
}, 120_000);

test("link up, command refused: FreeSWITCH lost agent 1002, so its status change is -ERR and pending; the retry reloads the agent with the stored status", async () => {
  expect(await truth.api("callcenter_config agent del 1002")).toMatchObject({ ok: true });
  const res = await tier.cb.api<Written>("PUT", "/agents/1002/status", { status: "On Break" });
  expect(res).toMatchObject({ status: 200, body: { status: "On Break", freeswitch: { applied: false, error: "-ERR Agent not found!", pending: true } } });
  expect(tier.cb.system.live.snapshot().status.esl).toBe("connected");
  // No reconnect happens: the retry timer (15 s) reconciles on the live link.
  const started = performance.now();
  await until("the retry put 1002 back", async () => (await fsStatus("1002")) === "On Break", 30_000);
  console.log(`1002 back in mod_callcenter, On Break, ${((performance.now() - started) / 1000).toFixed(1)} s after the refused command`);
  const tiers = await truth.api("callcenter_config tier list", { timeout: 5_000 });
  expect(tiers.ok && tiers.value).toContain("support|1002|Ready|1|1");
}, 60_000);

test("an agent deleted over REST: 200 with FreeSWITCH's answer, gone from mod_callcenter and from GET /queue-agents", async () => {
  expect((await tier.cb.api("PATCH", "/queues/support", { agents: [{ agent: "1001" }, { agent: "1002" }] })).status).toBe(200);
  const deleted = await tier.cb.api("DELETE", "/agents/1003");
  expect(deleted).toEqual({ status: 200, body: { extension: "1003", deleted: true, freeswitch: { applied: true } } });
  expect(await fsStatus("1003")).toBe("-ERR Agent not found!");
  await until("1003 gone from the live agents", async () => !(await liveAgents()).some((a) => a.name === "1003"), 10_000);
}, 60_000);
