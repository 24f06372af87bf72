/**
 * CDR bodies for tests, all starting from the captured bytes in
 * test/fixtures/freeswitch/cdr. Variants change only the fields a test is
 * about and keep everything else FreeSWITCH sent.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { create } from "xmlbuilder2";

const DIR = join(import.meta.dir, "../fixtures/freeswitch/cdr");

export const fixtureBytes = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

export const A_LEG = "json_cdr-a-leg-bridged-call.body";
export const CYRILLIC = "json_cdr-cyrillic-caller.body";
export const A_LEG_UUID = "ef3f3723-48f2-4ff9-b53f-0e01565b3744";
export const B_LEG_UUID = "83607c38-23c6-4f94-9e3c-bfb081a49730";
export const CYRILLIC_UUID = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";

type Json = Record<string, any>;

export const parseFixture = (name: string): Json => JSON.parse(new TextDecoder().decode(fixtureBytes(name)));
export const toBytes = (json: Json) => new TextEncoder().encode(JSON.stringify(json));

const text = (v: unknown) => (typeof v === "string" ? v : "");
const profileFromXml = (p: Json) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== "originator").map(([k, v]) => [k, text(v)]));

/**
 * The B leg of the bridged call as mod_json_cdr would post it: the captured
 * mod_xml_cdr body of that leg, re-shaped into json_cdr's layout (variables
 * stay URL-encoded, exactly as encode-values=true sends them).
 */
export function bLegJsonBody(): Uint8Array {
  const form = new TextDecoder().decode(fixtureBytes("xml_cdr-b-leg-bridged-call.body"));
  const xml = decodeURIComponent(form.slice("cdr=".length));
  const cdr = (create(xml).end({ format: "object" }) as Json).cdr;
  const flow = cdr.callflow;
  const originators = [flow.caller_profile.originator.originator_caller_profile].flat();
  return toBytes({
    "core-uuid": cdr["@core-uuid"],
    switchname: cdr["@switchname"],
    variables: Object.fromEntries(Object.entries(cdr.variables as Json).map(([k, v]) => [k, text(v)])),
    callflow: [
      {
        dialplan: flow["@dialplan"],
        profile_index: flow["@profile_index"],
        caller_profile: { ...profileFromXml(flow.caller_profile), originator: { originator_caller_profiles: originators.map(profileFromXml) } },
        times: flow.times,
      },
    ],
  });
}

/** The captured A leg re-told as a provider call to DID 998785553322 through context public. */
export function inboundDidBody(uuid = "a273eb47-17bf-4eef-bafc-05d11c6ffead"): Uint8Array {
  const json = parseFixture(A_LEG);
  const v = json.variables;
  v.uuid = uuid;
  v.call_uuid = uuid;
  v.sofia_profile_name = "external";
  delete v.user_name;
  const profile = json.callflow[0].caller_profile;
  Object.assign(profile, {
    uuid,
    context: "public",
    destination_number: "998785553322",
    caller_id_number: "998901112233",
    caller_id_name: "998901112233",
  });
  return toBytes(json);
}

/** The captured A leg re-told as 1001 calling 998901234567 through gateway belluz, recorded. */
export function outboundGatewayBody(uuid = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01", recordingPath?: string): Uint8Array {
  const json = parseFixture(A_LEG);
  const v = json.variables;
  v.uuid = uuid;
  v.call_uuid = uuid;
  v.last_arg = encodeURIComponent("sofia/gateway/belluz/998901234567");
  v.hangup_cause = "USER_BUSY";
  const profile = json.callflow[0].caller_profile;
  Object.assign(profile, { uuid, destination_number: "998901234567" });
  if (recordingPath) {
    json.app_log.applications.unshift({ app_name: "record_session", app_data: recordingPath, app_stamp: "1795343610561000" });
    v.record_ms = "6020";
    v.record_file_size = "96364";
  }
  return toBytes(json);
}
