import { describe, expect, test } from "bun:test";
import { frameEvent, loadFrame, transcriptAllEvents, transcriptEvents } from "../../test/support/esl-transcript.ts";
import { asTypedEvent, decodeEventFrame, decodeFreeswitchValue, decodeJsonEvent, decodePlainEvent } from "./decode-event.ts";
import { splitFrames } from "./frame-parser.ts";

const CYRILLIC_NAME = "Оператор Qo'ng'iroq";
const PLAIN = "plain-ALL-registration-and-call-cyrillic";
const JSON_SESSION = "json-ALL-registration-and-call-cyrillic";

describe("decoding FreeSWITCH events", () => {
  test("the Cyrillic/Uzbek caller name reads the same from plain and JSON events", () => {
    for (const name of ["event_plain_channel_create_cyrillic_a_leg", "event_json_channel_create_cyrillic_a_leg"]) {
      const event = frameEvent(name);
      expect(event.name).toBe("CHANNEL_CREATE");
      expect(event.headers["Caller-Caller-ID-Name"]).toBe(CYRILLIC_NAME);
      expect(event.headers["Caller-Caller-ID-Number"]).toBe("1001");
    }
  });

  test("the second-round sessions hold 118 events each, as the fixture README says", () => {
    expect(transcriptAllEvents(PLAIN)).toHaveLength(118);
    expect(transcriptAllEvents(JSON_SESSION)).toHaveLength(118);
  });

  test("the second-round event mix matches the README: 4 pre_register, 4 register_attempt (FORBIDDEN once), 6 heartbeats", () => {
    const all = transcriptAllEvents(PLAIN);
    const custom = (subclass: string) => all.filter((e) => e.subclass === subclass);
    expect(custom("sofia::pre_register")).toHaveLength(4);
    expect(custom("sofia::register_attempt").map((e) => e.headers["auth-result"]).sort()).toEqual([
      "FORBIDDEN",
      "RENEWED",
      "RENEWED",
      "RENEWED",
    ]);
    expect(all.filter((e) => e.name === "HEARTBEAT").every((e) => e.headers["Event-Info"] === "System Ready")).toBe(true);
  });

  test("the plain and JSON sessions of the same window decode to identical events", () => {
    expect(transcriptAllEvents(JSON_SESSION)).toEqual(transcriptAllEvents(PLAIN));
  });

  test("only subscribed events are typed: HEARTBEATs, gateway states and both call legs, not API or pre_register", () => {
    const events = transcriptEvents(PLAIN);
    const count = (name: string, subclass?: string) =>
      events.filter((e) => e.name === name && e.subclass === subclass).length;
    expect(count("HEARTBEAT")).toBe(6);
    expect(count("CUSTOM", "sofia::gateway_state")).toBe(7);
    expect(count("CUSTOM", "sofia::register")).toBe(1);
    expect(count("CUSTOM", "sofia::unregister")).toBe(1);
    expect(count("CUSTOM", "sofia::register_failure")).toBe(1);
    expect(count("CHANNEL_CREATE")).toBe(2);
    expect(count("CHANNEL_DESTROY")).toBe(2);
    expect(count("CHANNEL_HOLD")).toBe(1);
    expect(count("RECORD_STOP")).toBe(1);
    expect(events.some((e) => (e.name as string) === "API" || (e.subclass as string) === "sofia::pre_register")).toBe(false);
  });

  test("gateway FAILED carries its SIP status in both encodings", () => {
    for (const name of ["event_plain_sofia_gateway_state_failed_503", "event_json_sofia_gateway_state_failed_503"]) {
      const event = frameEvent(name);
      expect(event.subclass).toBe("sofia::gateway_state");
      expect(event.headers).toMatchObject({ Gateway: "belluz", State: "FAILED", Status: "503", Phrase: "Service Unavailable" });
    }
  });

  test("sofia::register_failure with profile-name twice decodes in both encodings", () => {
    for (const name of ["event_plain_sofia_register_failure", "event_json_sofia_register_failure"]) {
      const event = frameEvent(name);
      expect(event.subclass).toBe("sofia::register_failure");
      expect(event.headers["profile-name"]).toBe("internal");
      expect(event.headers["to-user"]).toBe("1001");
    }
  });

  test("a plain BACKGROUND_JOB body is cut by its inner Content-Length", () => {
    const event = frameEvent("bgapi_originate_fail_background_job_event");
    expect(event.name).toBe("BACKGROUND_JOB");
    expect(event.body).toBe("-ERR NO_ROUTE_DESTINATION\n");
    expect(event.headers["Job-UUID"]).toBe("79ff747b-3807-4503-9f01-90d4c74b7aa1");
    expect(event.headers["Job-Command-Arg"]).toBe("loopback/no_such_ext/nonexistent_context &park()");
    expect(event.headers["Content-Length"]).toBeUndefined();
  });

  test("a JSON BACKGROUND_JOB body comes from _body", () => {
    const event = frameEvent("bgapi_status_background_job_event_json");
    expect(event.body?.startsWith("UP 0 years, 0 days, 0 hours, 1 minute")).toBe(true);
    expect(event.body?.endsWith("Current Stack Size/Max 240K/8192K\n")).toBe(true);
    expect(event.headers["_body"]).toBeUndefined();
  });

  test("after FreeSWITCH's own hold re-INVITE the caller is still in Caller-*, while sip_from_* has swapped", () => {
    const unhold = transcriptEvents(PLAIN).find((e) => e.name === "CHANNEL_UNHOLD")!;
    expect(unhold.headers["variable_sip_from_user"]).toBe("1002");
    expect(unhold.headers["Caller-Caller-ID-Number"]).toBe("1001");
    expect(unhold.headers["Caller-Caller-ID-Name"]).toBe(CYRILLIC_NAME);
  });

  test("Event-Sequence goes backwards in arrival order, so nothing may rely on it", () => {
    const sequence = transcriptAllEvents(JSON_SESSION).map((e) => Number(e.headers["Event-Sequence"]));
    expect(sequence.some((value, i) => i > 0 && value < sequence[i - 1]!)).toBe(true);
  });

  test("an unregister keeps expires 0 and the quoted empty display name of the contact", () => {
    const event = frameEvent("event_plain_sofia_unregister");
    expect(event.headers["expires"]).toBe("0");
    expect(frameEvent("event_plain_sofia_register").headers["contact"]).toBe('"" <sip:1001@127.0.0.1:5061>');
  });

  test("a '%' not followed by two hex digits stays as it is", () => {
    const value = (s: string) => decodeFreeswitchValue(Buffer.from(s));
    expect(value("100%")).toBe("100%");
    expect(value("50%zz off")).toBe("50%zz off");
    expect(value("%4")).toBe("%4");
    expect(value("%41%20b")).toBe("A b");
    expect(value("%ff")).toBe("\uFFFD");
    const event = decodePlainEvent(Buffer.from("Event-Name: HEARTBEAT\nEvent-Info: load 100% of%2\n\n"));
    expect(event?.headers["Event-Info"]).toBe("load 100% of%2");
  });

  test("replies, greetings and notices are not events", () => {
    for (const name of ["greeting_auth_request", "api_show_channels_json_idle", "bgapi_originate_reply"]) {
      expect(decodeEventFrame(loadFrame(name))).toBeUndefined();
    }
    const [notice] = splitFrames(Buffer.from("Content-Type: text/disconnect-notice\nContent-Length: 3\n\nbye"));
    expect(decodeEventFrame(notice!)).toBeUndefined();
  });

  test("a broken JSON event or one without Event-Name is dropped, not thrown", () => {
    expect(decodeJsonEvent('{"Event-Name": ')).toBeUndefined();
    expect(decodeJsonEvent("[1,2]")).toBeUndefined();
    expect(decodeJsonEvent('{"Core-UUID":"x"}')).toBeUndefined();
    expect(asTypedEvent({ name: "CUSTOM", subclass: "sofia::pre_register", headers: {} })).toBeUndefined();
  });
});
