/**
 * The support line end to end on the simulator, routed by callboard over
 * real sockets as `callboard demo` wires it: a provider's call to the DID
 * is answered by menu main (ivr.conf from callboard), the caller keys 1
 * and the menu's transfer into context ivr puts them in the support queue,
 * where an agent answers; keying 2 rings ring group sales; a caller 1009
 * cannot take leaves voicemail, which callboard lists and deletes over
 * REST through vm_list / vm_delete. The CDRs are stored.
 */
import { afterEach, expect, test } from "bun:test";
import { createToken } from "../src/db/tokens.ts";
import type { SimEvent } from "../src/sim/frames.ts";
import { postJsonCdrs } from "../src/sim/index.ts";
import { bootDemo } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

const SUPPORT_LINE = "998785553311";
type Cdr = { uuid: string; callUuid: string; leg: string; did: string | null; extension: string | null; hangupCause: string };
type Message = { uuid: string; callerIdNumber: string; callerIdName: string; seconds: number; readAt: string | null; folder: string };

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function boot() {
  const demo = await bootDemo({}, { promptMs: 300 });
  const poster = postJsonCdrs(demo.sim.model, { url: `${demo.url}/freeswitch/cdr`, retryDelayMs: 50 });
  cleanup.push(demo.stop, () => poster.stop());
  const events: SimEvent[] = [];
  demo.sim.model.onEvent((e) => events.push(e));
  const token = createToken(demo.db, "ivr-e2e", "admin");
  const api = async <T>(method: string, path: string) => {
    const res = await fetch(`${demo.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
  };
  const legsOf = async (callUuid: string) => (await api<{ items: Cdr[] }>("GET", `/cdrs?call=${callUuid}`)).body.items;
  return { ...demo, poster, events, api, legsOf };
}

const field = (e: SimEvent, name: string) => e.headers.find(([k]) => k === name)?.[1];

test("a provider's call to the support line: menu main, the caller keys 1, the support queue, agent 1004 answers; both legs' CDRs stored", async () => {
  const { sim, events, legsOf } = await boot();
  for (const agent of ["1004", "1005"]) expect(await sim.register(agent, { password: `Demo-desk-${agent}` })).toBe(true);
  const call = sim.placeCall({ from: "998901112233", to: SUPPORT_LINE, direction: "inbound", callerName: "Qo'ng'iroq Markazi", dtmf: [{ digits: "1", afterMs: 100 }], answerAfterMs: 200, durationMs: 500 });

  await until("the call's two legs stored", async () => (await legsOf(call.callUuid)).length === 2, 15_000);
  const legs = await legsOf(call.callUuid);
  expect(legs.find((l) => l.leg === "a")).toMatchObject({ uuid: call.uuid, did: SUPPORT_LINE, hangupCause: "NORMAL_CLEARING" });
  expect(legs.find((l) => l.leg === "b")).toMatchObject({ extension: "1004" });
  const cc = (action: string) => events.filter((e) => e.subclass === "callcenter::info" && field(e, "CC-Action") === action);
  const joined = cc("member-queue-start")[0]!;
  // The caller reached the queue through callboard's context ivr, transferred from the DID.
  expect([field(joined, "CC-Queue"), field(joined, "Caller-Context"), field(joined, "Caller-Destination-Number"), field(joined, "Caller-RDNIS")]).toEqual(["support", "ivr", "main/1", SUPPORT_LINE]);
  expect(cc("bridge-agent-start").map((e) => field(e, "CC-Agent"))).toEqual(["1004"]);
}, 30_000);

test("keying 2 rings ring group sales: both members' phones ring with the group's prefix, one answers; the CDRs are stored", async () => {
  const { sim, events, legsOf } = await boot();
  for (const agent of ["1002", "1003"]) expect(await sim.register(agent, { password: `Demo-desk-${agent}` })).toBe(true);
  const call = sim.placeCall({ from: "998901112244", to: SUPPORT_LINE, direction: "inbound", callerName: "Mijoz", dtmf: "2", answerAfterMs: 200, durationMs: 500 });

  await until("the call stored", async () => (await legsOf(call.callUuid)).some((l) => l.leg === "b" && l.hangupCause === "NORMAL_CLEARING"), 15_000);
  const rung = events.filter((e) => e.name === "CHANNEL_CREATE" && field(e, "Channel-Call-UUID") === call.uuid && field(e, "Call-Direction") === "outbound");
  expect(rung.map((e) => field(e, "Caller-Destination-Number")).sort()).toEqual(["1002", "1003"]);
  expect(rung.map((e) => field(e, "Caller-Caller-ID-Name"))).toEqual(["Sales - Mijoz", "Sales - Mijoz"]);
  const legs = await legsOf(call.callUuid);
  expect(legs.find((l) => l.leg === "a")).toMatchObject({ did: SUPPORT_LINE });
  expect(legs.filter((l) => l.leg === "b").map((l) => l.extension).sort()).toEqual(["1002", "1003"]);
}, 30_000);

test("a caller 1009 cannot take leaves voicemail: listed over REST, MESSAGE_WAITING fired; deleted over REST, the light goes off", async () => {
  const { sim, events, api } = await boot();
  // 1009's phone is not registered: the bridge fails USER_NOT_REGISTERED and callboard's answer goes on to the box.
  sim.placeCall({ from: "998901117777", to: "998785553323", direction: "inbound", callerName: "Шахноза", durationMs: 3_500 });
  let items: Message[] = [];
  await until("the message in 1009's box", async () => (items = (await api<{ items: Message[] }>("GET", "/extensions/1009/voicemail/messages")).body.items ?? []).length === 1, 15_000);
  expect(items[0]).toMatchObject({ callerIdNumber: "998901117777", callerIdName: "Шахноза", seconds: 3, readAt: null, folder: "inbox" });
  const lit = events.filter((e) => e.name === "MESSAGE_WAITING");
  expect(lit.map((e) => [field(e, "MWI-Messages-Waiting"), field(e, "MWI-Message-Account"), field(e, "MWI-Voice-Message")])).toEqual([["yes", "1009@call.example.uz", "1/0"]]);

  expect((await api("DELETE", `/extensions/1009/voicemail/messages/${items[0]!.uuid}`)).status).toBe(204);
  expect((await api<{ items: Message[] }>("GET", "/extensions/1009/voicemail/messages")).body.items).toEqual([]);
  expect(events.filter((e) => e.name === "MESSAGE_WAITING").map((e) => field(e, "MWI-Messages-Waiting"))).toEqual(["yes", "no"]);
}, 30_000);
