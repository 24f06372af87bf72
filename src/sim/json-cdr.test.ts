import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testConfig } from "../../test/support/deps.ts";
import { demoCallboard } from "../../test/support/sim-callboard.ts";
import { parseJsonCdr, type ParsedCdr } from "../cdr/parse-json-cdr.ts";
import { recordingPath } from "../pbx/recording-path.ts";
import { DEMO_AGENTS, DEMO_DOMAIN } from "./demo-pbx.ts";
import type { CallerProfile } from "./event-headers.ts";
import { manualClock, startEslSimulator, type EslSimulator, type PlaceCallOptions } from "./index.ts";
import { jsonCdr, jsonCdrBody } from "./json-cdr.ts";
import { timestampVariables } from "./json-cdr-times.ts";

const FIXTURES = join(import.meta.dir, "../../test/fixtures/freeswitch/cdr");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const CAPTURED_A_LEG = fixture("json_cdr-a-leg-bridged-call.body");
const START = Date.UTC(2026, 10, 23, 9, 0, 0);

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

type Finished = { uuid: string; body: Uint8Array; json: Record<string, any> };

/** Plays one call, routed by callboard configured as the demo, to its end on a manual clock; every leg's CDR in destroy order. */
async function playCall(call: PlaceCallOptions, phones: string[] = []): Promise<Finished[]> {
  const clock = manualClock(START);
  const callboard = await demoCallboard({ now: () => clock.now() });
  let n = 0;
  const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  const sim = await startEslSimulator({ password: "ClueCon", clock, heartbeatSeconds: 0, newUuid, domain: DEMO_DOMAIN, xmlCurl: callboard.xmlCurl });
  started.push(sim);
  for (const user of phones) expect(await sim.register(user)).toBe(true);
  const legs: Finished[] = [];
  sim.onLegEnd((leg) => legs.push({ uuid: leg.uuid, body: jsonCdrBody(leg, sim.model.identity), json: jsonCdr(leg, sim.model.identity) }));
  sim.placeCall(call);
  for (let s = 0; s < 4000 && !(legs.length > 0 && sim.model.channels.size === 0); s++) {
    clock.advance(100);
    await sim.settled();
  }
  return legs;
}

function parsed(leg: Finished): ParsedCdr {
  const result = parseJsonCdr(leg.body, "application/json");
  if (!result.ok) throw new Error(result.error);
  return result;
}

test("an inbound DID call's legs parse into linked rows with the Cyrillic caller name, the DID, billsec and cause", async () => {
  const legs = await playCall(
    { from: "998901112233", to: "998785553323", direction: "inbound", callerName: "Оператор Qo'ng'iroq", answerAfterMs: 2000, durationMs: 61_000 },
    ["1009"],
  );
  expect(legs).toHaveLength(2);
  const [a, b] = [legs.find((l) => !l.json.variables.originator)!, legs.find((l) => l.json.variables.originator)!];
  expect(parsed(a).row).toMatchObject({
    uuid: a.uuid,
    callUuid: a.uuid,
    leg: "a",
    direction: "inbound",
    callerIdNumber: "998901112233",
    callerIdName: "Оператор Qo'ng'iroq",
    destinationNumber: "998785553323",
    did: "998785553323",
    context: "public",
    billSeconds: 61,
    hangupCause: "NORMAL_CLEARING",
  });
  expect(parsed(b).row).toMatchObject({
    uuid: b.uuid,
    callUuid: a.uuid,
    leg: "b",
    direction: "inbound",
    extension: "1009",
    callerIdName: "Оператор Qo'ng'iroq",
    did: "998785553323",
    billSeconds: 61,
    hangupCause: "NORMAL_CLEARING",
  });
  // Raw UTF-8 in the call flow, URL-encoded in variables, as encode-values=true sends it.
  const text = new TextDecoder().decode(a.body);
  expect(text).toContain('"caller_id_name":"Оператор Qo\'ng\'iroq"');
  expect(a.json.variables.caller_id).toBe("%22%D0%9E%D0%BF%D0%B5%D1%80%D0%B0%D1%82%D0%BE%D1%80%20Qo'ng'iroq%22%20%3C998901112233%3E");
});

test("an outbound call names gateway belluz on both legs; a busy one has cause USER_BUSY and no billsec", async () => {
  const legs = await playCall({ from: "1001", to: "998901234567", direction: "outbound", answerAfterMs: 1000, durationMs: 30_000 }, ["1001"]);
  const [aLeg, bLeg] = [legs.find((l) => !l.json.variables.originator), legs.find((l) => l.json.variables.originator)];
  const name = DEMO_AGENTS[0]!.name;
  expect(parsed(aLeg!).row).toMatchObject({ leg: "a", direction: "outbound", gateway: "belluz", callerIdNumber: "1001", callerIdName: name, destinationNumber: "998901234567", billSeconds: 30 });
  expect(parsed(bLeg!).row).toMatchObject({ leg: "b", callUuid: aLeg!.uuid, direction: "outbound", gateway: "belluz", did: null });

  const busy = await playCall({ from: "1001", to: "998901234567", direction: "outbound", reject: "USER_BUSY" }, ["1001"]);
  for (const leg of busy) expect(parsed(leg).row).toMatchObject({ hangupCause: "USER_BUSY", billSeconds: 0, answeredAt: null, gateway: "belluz" });
});

test("a call callboard's dialplan records names its recording path in the A leg's CDR", async () => {
  // 1003's calls are recorded: callboard's answer runs record_session before the bridge.
  const legs = await playCall({ from: "1003", to: "1002", direction: "internal", answerAfterMs: 500, durationMs: 12_000 }, ["1002", "1003"]);
  const a = legs.find((l) => !l.json.variables.originator)!;
  const { row, recordings } = parsed(a);
  expect(row).toMatchObject({ direction: "internal", extension: "1003", billSeconds: 12 });
  // callboard chose the path when it answered the dialplan lookup, at the end of the first 100 ms step.
  const path = recordingPath(testConfig().recordingsDir, a.uuid, new Date(START + 100))!;
  expect(recordings).toEqual([{ path, durationMs: 12_000, sizeBytes: 44 + 12_000 * 16, startedAt: row.answeredAt! }]);
});

test("the body has the captured json_cdr's layout: keys and their order at every level", async () => {
  const legs = await playCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 500, durationMs: 5_000 }, ["1001", "1002"]);
  const ours = legs.find((l) => !l.json.variables.originator)!.json;
  const keys = (o: object) => Object.keys(o);
  expect(keys(ours)).toEqual(keys(CAPTURED_A_LEG));
  expect(keys(ours.channel_data)).toEqual(keys(CAPTURED_A_LEG.channel_data));
  expect(keys(ours.callStats.audio.inbound)).toEqual(keys(CAPTURED_A_LEG.callStats.audio.inbound));
  expect(keys(ours.callflow[0])).toEqual(keys(CAPTURED_A_LEG.callflow[0]));
  expect(keys(ours.callflow[0].caller_profile)).toEqual(keys(CAPTURED_A_LEG.callflow[0].caller_profile));
  expect(keys(ours.callflow[0].times)).toEqual(keys(CAPTURED_A_LEG.callflow[0].times));
  const captured = keys(CAPTURED_A_LEG.variables);
  const tail = captured.slice(captured.indexOf("hangup_cause"), captured.indexOf("flow_billusec") + 1);
  const ourKeys = keys(ours.variables);
  expect(ourKeys.slice(ourKeys.indexOf("hangup_cause"))).toEqual(tail);
});

test("the hangup figures equal FreeSWITCH's for the captured leg's clocks", () => {
  const t = CAPTURED_A_LEG.callflow[0].times;
  const profile = {
    callerIdName: "Lab 1001",
    callerIdNumber: "1001",
    times: {
      created: Number(t.created_time), profileCreated: Number(t.profile_created_time), progress: Number(t.progress_time),
      progressMedia: 0, answered: Number(t.answered_time), bridged: Number(t.bridged_time), lastHold: 0, holdAccum: 0,
      hangup: Number(t.hangup_time), resurrect: 0, transfer: 0,
    },
  } as CallerProfile;
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const ours = timestampVariables(profile, "NORMAL_CLEARING", stamp);
  const want = Object.entries(CAPTURED_A_LEG.variables as Record<string, string>)
    .filter(([key]) => ours.some(([k]) => k === key))
    .map(([key, value]) => [key, decodeURIComponent(value)]);
  expect(ours).toEqual(want as [string, string][]);
});
