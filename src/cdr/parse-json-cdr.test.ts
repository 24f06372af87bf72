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
