/**
 * The simulator is a FreeSWITCH that asks callboard: registrations, calls,
 * transfers go where callboard's answers to its xml_curl lookups say, with
 * callboard's own causes when it refuses.
 */
import { afterEach, expect, test } from "bun:test";
import { parseXmlCurlBody } from "../src/xmlcurl/parse-request.ts";
import type { Channel } from "../src/sim/channel.ts";
import { DEMO_DOMAIN } from "../src/sim/demo-pbx.ts";
import type { SimEvent } from "../src/sim/frames.ts";
import { manualClock, startEslSimulator, type EslSimulator, type XmlCurlOptions } from "../src/sim/index.ts";
import { testConfig } from "./support/deps.ts";
import { demoCallboard, play, type SimCallboard } from "./support/sim-callboard.ts";

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

type Switch = { sim: EslSimulator; callboard: SimCallboard; events: SimEvent[]; legs: Channel[]; play: (ms: number) => Promise<void> };

async function boot(options: { env?: Record<string, string>; xmlCurl?: (c: SimCallboard) => XmlCurlOptions } = {}): Promise<Switch> {
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const callboard = await demoCallboard({
    now: () => clock.now(),
    ...(options.env ? { config: testConfig({ CALLBOARD_DOMAIN: DEMO_DOMAIN, ...options.env }) } : {}),
  });
  const xmlCurl = options.xmlCurl?.(callboard) ?? callboard.xmlCurl;
  const sim = await startEslSimulator({ password: "ClueCon", clock, heartbeatSeconds: 0, domain: DEMO_DOMAIN, xmlCurl });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((e) => events.push(e));
  const legs: Channel[] = [];
  sim.onLegEnd((leg) => legs.push(leg));
  return { sim, callboard, events, legs, play: (ms) => play(sim, clock, ms) };
}

const field = (e: SimEvent, name: string) => e.headers.find(([k]) => k === name)?.[1];
const created = (events: SimEvent[]) => events.filter((e) => e.name === "CHANNEL_CREATE");
const hangupCauses = (events: SimEvent[]) => events.filter((e) => e.name === "CHANNEL_HANGUP").map((e) => [field(e, "Unique-ID"), field(e, "Hangup-Cause")]);
const asked = (c: SimCallboard) => c.asked.map((body) => parseXmlCurlBody(body).fields);

test("a call to the DID callboard points at 1001 rings 1001's registered phone", async () => {
  const s = await boot();
  expect(await s.sim.register("1001", { ip: "10.0.0.21", port: 5081, password: "Demo-desk-1001" })).toBe(true);
  const call = s.sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound", answerAfterMs: 1000 });
  await s.play(2000);
  const [a, b] = created(s.events);
  expect(field(a!, "Caller-Context")).toBe("public");
  expect(field(b!, "Channel-Name")).toBe("sofia/internal/1001@10.0.0.21:5081");
  expect(s.sim.model.channel(call.uuid)?.peer).toBe(field(b!, "Unique-ID"));
  // FreeSWITCH's questions, in order: callcenter.conf and voicemail.conf as mod_callcenter and mod_voicemail load, the phone's REGISTER, where the DID goes, then 1001's dial string.
  expect(asked(s.callboard).map((f) => [f.get("section"), f.get("action") ?? f.get("Hunt-Context") ?? f.get("key_value"), f.get("user") ?? f.get("Hunt-Destination-Number")])).toEqual([
    ["configuration", "callcenter.conf", undefined],
    ["configuration", "voicemail.conf", undefined],
    ["directory", "sip_auth", "1001"],
    ["dialplan", "public", "998785553322"],
    ["directory", "user_call", "1001"],
  ]);
});

test("a phone dialling a mobile leaves through the gateway the route names, showing the company number", async () => {
  const s = await boot();
  await s.sim.register("1001");
  s.sim.placeCall({ from: "1001", to: "+998901234567", direction: "outbound", answerAfterMs: 500 });
  await s.play(1000);
  const out = created(s.events)[1]!;
  expect(field(out, "Channel-Name")).toBe("sofia/external/998901234567");
  expect(field(out, "variable_sip_gateway_name")).toBe("belluz");
  expect(field(out, "Caller-Caller-ID-Number")).toBe("998785553322");
  expect(s.sim.model.gateways.get("belluz")?.callsOut).toBe(1);
});

test("numbers callboard does not route are refused with callboard's cause, and nothing rings", async () => {
  const s = await boot();
  await s.sim.register("1001");
  await s.sim.register("1010");
  const nowhere = s.sim.placeCall({ from: "1001", to: "0012025550100", direction: "outbound" });
  const barred = s.sim.placeCall({ from: "1010", to: "998901234567", direction: "outbound" });
  const onLeave = s.sim.placeCall({ from: "998901112233", to: "998712001100", direction: "inbound" });
  const unknown = s.sim.placeCall({ from: "998901112233", to: "998781234567", direction: "inbound" });
  await s.play(200);
  expect(hangupCauses(s.events)).toEqual([
    [nowhere.uuid, "UNALLOCATED_NUMBER"],
    [barred.uuid, "OUTGOING_CALL_BARRED"],
    [onLeave.uuid, "UNALLOCATED_NUMBER"],
    [unknown.uuid, "UNALLOCATED_NUMBER"],
  ]);
  expect(created(s.events)).toHaveLength(4);
  expect(s.legs.map((l) => l.appLog.map((app) => `${app.name} ${app.data}`).at(-1))).toEqual([
    "hangup UNALLOCATED_NUMBER",
    "hangup OUTGOING_CALL_BARRED",
    "hangup UNALLOCATED_NUMBER",
    "hangup UNALLOCATED_NUMBER",
  ]);
});

test("a phone callboard does not know, or with the wrong password, is refused with sofia::register_failure", async () => {
  const s = await boot();
  expect(await s.sim.register("1099")).toBe(false);
  expect(await s.sim.register("1001", { password: "not-the-password" })).toBe(false);
  expect(await s.sim.register("1011")).toBe(false); // disabled: the operator on leave
  expect(s.sim.model.registrations.size).toBe(0);
  expect(s.events.map((e) => [e.subclass, field(e, "to-user")])).toEqual([
    ["sofia::register_failure", "1099"],
    ["sofia::register_failure", "1001"],
    ["sofia::register_failure", "1011"],
  ]);
  expect(await s.sim.register("1001", { password: "Demo-desk-1001" })).toBe(true);
  expect(s.sim.model.registrations.get("1001")?.callerIdName).toBe("Malika Rustamova");
});

test("a transfer hunts context transfer: callboard sends the customer on to the extension asked for", async () => {
  const s = await boot();
  await s.sim.register("1001");
  await s.sim.register("1002");
  const call = s.sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound", answerAfterMs: 200 });
  await s.play(500);
  s.sim.flows.transfer(call.uuid, "1002", "transfer");
  await s.play(3500);
  const latest = created(s.events).at(-1)!;
  expect(field(latest, "Caller-Destination-Number")).toBe("1002");
  expect(asked(s.callboard).some((f) => f.get("Hunt-Context") === "transfer" && f.get("Hunt-Destination-Number") === "1002")).toBe(true);
  expect(s.sim.model.channel(call.uuid)?.peer).toBe(field(latest, "Unique-ID"));
});

test("callboard's basic auth: the switch given the credentials is answered, one without them finds no user and no route", async () => {
  const env = { CALLBOARD_XMLCURL_USER: "freeswitch", CALLBOARD_XMLCURL_PASSWORD: "xml-curl-secret" };
  const withAuth = await boot({ env, xmlCurl: (c) => ({ ...c.xmlCurl, basicAuth: { user: "freeswitch", password: "xml-curl-secret" } }) });
  expect(await withAuth.sim.register("1001")).toBe(true);
  const without = await boot({ env });
  expect(await without.sim.register("1001")).toBe(false);
  const call = without.sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound" });
  await without.play(100);
  expect(hangupCauses(without.events)).toEqual([[call.uuid, "NO_ROUTE_DESTINATION"]]);
});
