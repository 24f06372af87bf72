/**
 * Caller ids on a real FreeSWITCH: what the provider is shown, and the names
 * and numbers /calls and /cdrs show on both legs of a softphone's call and of
 * a click-to-call (issue 7, 2f).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { placeCall, startPhone, startProvider } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let provider: SippRun;
const running: SippRun[] = [];
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026" };
const BELLUZ = { account: "998785553322", password: "Bell-Uz-Secret-77" };

type Cdr = { uuid: string; callUuid: string; leg: string; callerIdNumber: string | null; callerIdName: string | null; destinationNumber: string | null };
type Call = { id: string; legs: string[]; from: string; fromName: string; to: string; state: string };

beforeAll(async () => {
  tier = await startTier();
  provider = await startProvider({ ...BELLUZ, answerMs: 1500 });
  running.push(provider);
  const api = tier.cb.api;
  expect((await api("POST", "/extensions", { number: "1001", name: "Dilnoza Karimova", password: PW["1001"], outboundClass: "international" })).status).toBe(201);
  expect((await api("POST", "/extensions", { number: "1002", name: "Шахноза Юсупова", password: PW["1002"] })).status).toBe(201);
  expect((await api("POST", "/gateways", { name: "belluz", host: "127.0.0.1", port: provider.port, username: BELLUZ.account, password: BELLUZ.password })).status).toBe(201);
  const route = { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national", callerIdNumber: "998785553322", callerIdName: "Bell Savdo" };
  expect((await api("POST", "/outbound-routes", route)).status).toBe(201);
  await until("belluz REGED", async () => (await api<{ state: string | null }>("GET", "/gateways/belluz/status")).body.state === "REGED", 20_000);
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await tier?.stop();
});

const cdrsOf = async (callUuid: string) => (await tier.cb.api<{ items: Cdr[] }>("GET", `/cdrs?limit=50&call=${callUuid}`)).body.items;
const calls = async () => (await tier.cb.api<{ items: Call[] }>("GET", "/calls")).body.items;

/** Every distinct shape /calls gave the call while `during` ran. */
async function watchCalls(during: Promise<unknown>): Promise<Call[]> {
  const seen = new Map<string, Call>();
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    for (const c of await calls()) seen.set(JSON.stringify([c.id, c.legs.length, c.from, c.fromName, c.to, c.state]), c);
    await Bun.sleep(100);
  }
  return [...seen.values()];
}

test("a phone sending only its number as its name: both legs, live and in the CDRs, carry the directory's name and 1002", async () => {
  const callee = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 300 });
  running.push(callee);
  const call = placeCall(tier, { from: "1001", password: PW["1001"], name: "1001", to: "1002", talkMs: 2500 });
  const seen = await watchCalls(call);
  expect([(await call).finalStatus("INVITE"), (await call).finalStatus("BYE")]).toEqual([200, 200]);
  const active = seen.filter((c) => c.state === "active");
  expect(active.length).toBeGreaterThan(0);
  for (const c of active) expect(c).toMatchObject({ from: "1001", fromName: "Dilnoza Karimova", to: "1002" });
  const callUuid = active[0]!.id;
  await until("both legs' CDRs", async () => (await cdrsOf(callUuid)).length === 2, 15_000);
  const legs = await cdrsOf(callUuid);
  for (const leg of legs) expect(leg).toMatchObject({ callerIdNumber: "1001", callerIdName: "Dilnoza Karimova", destinationNumber: "1002" });
});

test("a click-to-call reads 1001 → 998901234567 throughout; the provider sees the company's number and name", async () => {
  const agent = await startPhone(tier, { user: "1001", password: PW["1001"], answerMs: 300 });
  running.push(agent);
  const invitesBefore = provider.requestsReceived().filter((m) => m === "INVITE").length;
  const res = await tier.cb.api<{ uuid: string }>("POST", "/calls", { from: "1001", to: "998901234567" });
  expect(res.status).toBe(202);
  const id = res.body.uuid;
  const bridged = (c: Call) => c.id === id && c.legs.length === 2 && c.state === "active";
  const customerAnswered = until("the customer answered", async () => (await calls()).some(bridged), 20_000);
  const seen = (await watchCalls(customerAnswered)).filter((c) => c.id === id);
  // The agent's phone rang alone, then the customer's, then both talked: never customer → agent, never a dial string.
  expect(seen.some((c) => c.legs.length === 1 && c.state === "ringing")).toBe(true);
  for (const c of seen) expect(c).toMatchObject({ from: "1001", to: "998901234567" });
  const now = (await calls()).find(bridged);
  expect(now).toMatchObject({ from: "1001", fromName: "Dilnoza Karimova", to: "998901234567" });

  expect(provider.requestsReceived().filter((m) => m === "INVITE").length).toBe(invitesBefore + 1);
  const invite = provider.trace().split(/-{10,}/).filter((m) => m.includes("INVITE sip:998901234567")).pop() ?? "";
  expect(invite).toMatch(/^From: "Bell Savdo" </m);
  expect(invite).toMatch(/^Remote-Party-ID: "Bell Savdo" <sip:998785553322@/m);

  await tier.cb.api("DELETE", `/calls/${id}`);
  await until("the agent's CDR", async () => (await cdrsOf(id)).some((c) => c.uuid === id), 15_000);
  expect((await cdrsOf(id)).find((c) => c.uuid === id)).toMatchObject({ callerIdNumber: "1001", callerIdName: "Dilnoza Karimova", destinationNumber: "998901234567" });
});
