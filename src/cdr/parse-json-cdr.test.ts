import { describe, expect, test } from "bun:test";
import {
  A_LEG,
  A_LEG_UUID,
  B_LEG_UUID,
  bLegJsonBody,
  CYRILLIC,
  CYRILLIC_UUID,
  fixtureBytes,
  inboundDidBody,
  outboundGatewayBody,
  parseFixture,
  toBytes,
} from "../../test/support/cdr-bodies.ts";
import { parseJsonCdr } from "./parse-json-cdr.ts";

function parsed(body: Uint8Array, contentType = "application/json") {
  const result = parseJsonCdr(body, contentType);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("parseJsonCdr on captured FreeSWITCH bodies", () => {
  test("the bridged A leg gives numbers, times, billsec and cause", () => {
    const { row } = parsed(fixtureBytes(A_LEG));
    expect(row).toMatchObject({
      uuid: A_LEG_UUID,
      callUuid: A_LEG_UUID,
      leg: "a",
      direction: "internal",
      callerIdNumber: "1001",
      callerIdName: "Lab 1001",
      destinationNumber: "1002",
      extension: "1001",
      context: "default",
      did: null,
      gateway: null,
      durationSeconds: 7,
      billSeconds: 6,
      hangupCause: "NORMAL_CLEARING",
    });
    expect(row.startedAt.getTime()).toBe(1795343610551);
    expect(row.answeredAt?.getTime()).toBe(1795343611591);
    expect(row.endedAt.getTime()).toBe(1795343617611);
  });

  test("the caller name survives in UTF-8 although sip_from_* swapped after hold", () => {
    const { row } = parsed(fixtureBytes(CYRILLIC));
    expect(row.uuid).toBe(CYRILLIC_UUID);
    expect(row.callerIdName).toBe("Оператор Qo'ng'iroq");
    expect(row.callerIdNumber).toBe("1001");
    expect(row.destinationNumber).toBe("1002");
    expect(row.billSeconds).toBe(8);
  });

  test("the raw body is kept byte for byte", () => {
    const bytes = fixtureBytes(CYRILLIC);
    expect(parsed(bytes).row.raw).toBe(new TextDecoder().decode(bytes));
  });

  test("a B leg is linked to the call of the leg that originated it", () => {
    const { row } = parsed(bLegJsonBody());
    expect(row).toMatchObject({ uuid: B_LEG_UUID, callUuid: A_LEG_UUID, leg: "b", extension: "1002", destinationNumber: "1002" });
  });

  test("a provider call through context public is inbound with its DID", () => {
    const { row } = parsed(inboundDidBody());
    expect(row).toMatchObject({ direction: "inbound", did: "998785553322", callerIdNumber: "998901112233", extension: "1002" });
  });

  test("a call bridged to a gateway is outbound through that gateway, with its recording", () => {
    const { row, recordings } = parsed(outboundGatewayBody(undefined, "/srv/pbx1/rec/2026/11/22/out.wav"));
    expect(row).toMatchObject({ direction: "outbound", gateway: "belluz", destinationNumber: "998901234567", hangupCause: "USER_BUSY" });
    expect(recordings).toEqual([
      { path: "/srv/pbx1/rec/2026/11/22/out.wav", durationMs: 6020, sizeBytes: 96364, startedAt: row.answeredAt ?? undefined },
    ]);
  });

  test("record_session started by execute_on_answer is found too", () => {
    const json = parseFixture(A_LEG);
    json.app_log.applications.unshift({ app_name: "set", app_data: "execute_on_answer=record_session /rec/a.wav" });
    expect(parsed(toBytes(json)).recordings.map((r) => r.path)).toEqual(["/rec/a.wav"]);
  });

  test("the form-encoded variant (encode=true) is accepted", () => {
    const text = new TextDecoder().decode(fixtureBytes(A_LEG));
    const form = new TextEncoder().encode(`cdr=${encodeURIComponent(text)}`);
    expect(parsed(form, "application/x-www-form-urlencoded").row.uuid).toBe(A_LEG_UUID);
  });
});

/*
 * The shapes the real switch showed with softphones and click-to-call,
 * crafted from the captured A leg: only the caller profile and the
 * variables FreeSWITCH sets on such a leg differ.
 */
const D = "pbx.test";
const CLICK_UUID = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

/** The B leg of a softphone's call to 1002, dialled through the directory's `sofia/internal/1002%<domain>`. */
function softphoneBLeg() {
  const json = JSON.parse(new TextDecoder().decode(bLegJsonBody()));
  Object.assign(json.callflow[0].caller_profile, { caller_id_name: "Operator 1", destination_number: `1002%${D}` });
  return toBytes(json);
}

/**
 * The agent's leg of a click-to-call to 998901234567. Answered: FreeSWITCH
 * moved it into `default` (a second, newer profile) and swapped caller and
 * callee. Unanswered: the one profile it was created with.
 */
function clickToCallLeg(answered: { callerName: string; callerNumber: string } | undefined) {
  const json = parseFixture(A_LEG);
  const v = json.variables;
  Object.assign(v, {
    uuid: CLICK_UUID,
    call_uuid: CLICK_UUID,
    direction: "outbound",
    dialed_user: "1001",
    callboard_caller: "1001",
    origination_caller_id_number: "998901234567",
    origination_caller_id_name: "Click-to-call",
    last_arg: encodeURIComponent("sofia/gateway/belluz/998901234567"),
  });
  delete v.user_name;
  const ringing = {
    ...json.callflow[0],
    profile_index: "1",
    caller_profile: { ...json.callflow[0].caller_profile, uuid: CLICK_UUID, caller_id_name: "Click-to-call", caller_id_number: "998901234567", destination_number: `1001%${D}` },
  };
  json.callflow = [ringing];
  if (answered) {
    v.channel_cid_flipped = "yes";
    const inDialplan = { caller_id_name: answered.callerName, caller_id_number: answered.callerNumber, destination_number: "998901234567" };
    json.callflow.unshift({ ...ringing, profile_index: "2", caller_profile: { ...ringing.caller_profile, ...inDialplan } });
  }
  return toBytes(json);
}

describe("parseJsonCdr names the people and numbers a user knows", () => {
  test("a softphone call's B leg shows the extension dialled, not sofia's dial string", () => {
    expect(parsed(softphoneBLeg()).row).toMatchObject({ leg: "b", callerIdName: "Operator 1", callerIdNumber: "1001", destinationNumber: "1002" });
  });

  test("an answered click-to-call reads agent → customer, as the dialplan named the agent", () => {
    const { row } = parsed(clickToCallLeg({ callerName: "Operator 1", callerNumber: "1001" }));
    expect(row).toMatchObject({
      leg: "a",
      direction: "outbound",
      gateway: "belluz",
      extension: "1001",
      callerIdNumber: "1001",
      callerIdName: "Operator 1",
      destinationNumber: "998901234567",
    });
  });

  test("before the dialplan named the agent, FreeSWITCH's 'Outbound Call' <1001%domain> is no name and its number is 1001", () => {
    const { row } = parsed(clickToCallLeg({ callerName: "Outbound Call", callerNumber: `1001%${D}` }));
    expect(row).toMatchObject({ callerIdNumber: "1001", callerIdName: null, destinationNumber: "998901234567" });
  });

  test("a click-to-call the agent never answered reads agent → customer too, not customer → agent", () => {
    const { row } = parsed(clickToCallLeg(undefined));
    expect(row).toMatchObject({ leg: "a", extension: "1001", callerIdNumber: "1001", callerIdName: null, destinationNumber: "998901234567" });
  });
});

describe("parseJsonCdr refuses what is not a CDR", () => {
  const refuse = (body: string | Uint8Array) =>
    parseJsonCdr(typeof body === "string" ? new TextEncoder().encode(body) : body, "application/json");

  test.each([
    ["empty", ""],
    ["truncated JSON", '{"variables":{"uuid":"ab'],
    ["an array", "[]"],
    ["no variables", '{"callflow":[]}'],
    ["no uuid", '{"variables":{"start_uepoch":"1","end_uepoch":"2"}}'],
    ["no start time", '{"variables":{"uuid":"x-1","end_uepoch":"2"}}'],
  ])("%s", (_, body) => {
    const result = refuse(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
  });

  test("invalid UTF-8", () => {
    expect(refuse(new Uint8Array([0x7b, 0xff, 0x7d])).ok).toBe(false);
  });
});
