import { describe, expect, test } from "bun:test";
import { TRANSCRIPTS, transcriptAllEvents, transcriptFrames } from "../../test/support/esl-transcript.ts";
import { decodeJsonEvent } from "./decode-event.ts";
import { createJsonEventReader, eventParts } from "./json-event-reader.ts";

const read = createJsonEventReader();
const reader = (text: string) => read(Buffer.from(text));

/** What JSON.parse makes of a body: the reference the reader must match (the captures name no header twice with two values). */
function parsed(text: string | Buffer) {
  return eventParts(Object.entries(JSON.parse(text.toString()) as Record<string, unknown>));
}

const capturedJsonBodies = TRANSCRIPTS.flatMap((name) =>
  transcriptFrames(name)
    .filter((frame) => frame.headers["Content-Type"] === "text/event-json")
    .map((frame) => frame.body),
);

describe("reading FreeSWITCH's JSON events one header at a time", () => {
  test("every header of every captured JSON event reads as JSON.parse gives it, and absent ones are absent", () => {
    expect(capturedJsonBodies.length).toBeGreaterThan(150);
    for (const body of capturedJsonBodies) {
      const reference = parsed(body);
      const lazy = read(body)!;
      const text = body.toString();
      // A name given twice is JSON.parse's last but FreeSWITCH's first: the plain session settles those, below.
      const once = (name: string) => text.split(`"${name}":`).length === 2;
      for (const [name, value] of Object.entries(reference.headers)) if (once(name)) expect(lazy.header(name)).toBe(value);
      for (const name of ["Other-Leg-Unique-ID-x", "_body", "variable_", "Event", "Name"]) expect(lazy.header(name)).toBeUndefined();
      expect(lazy.body()).toBe(reference.body);
    }
  });

  test("the JSON session reads header for header as the plain session of the same events, a PRIVATE_COMMAND copied from a COMMAND included", () => {
    const plain = transcriptAllEvents("plain-ALL-registration-and-call-cyrillic");
    const json = transcriptFrames("json-ALL-registration-and-call-cyrillic").filter((f) => f.headers["Content-Type"] === "text/event-json");
    expect(json).toHaveLength(plain.length);
    json.forEach((frame, i) => {
      const lazy = read(frame.body)!;
      for (const [name, value] of Object.entries(plain[i]!.headers)) expect(lazy.header(name)).toBe(value);
      expect(lazy.all()).toEqual({ headers: plain[i]!.headers, ...(plain[i]!.body !== undefined ? { body: plain[i]!.body } : {}) });
    });
    expect(plain.filter((e) => e.name === "COMMAND").map((e) => e.headers["Event-Sequence"])).toEqual(["635"]);
  });

  test("a header named twice reads as its first value, as FreeSWITCH's own switch_event_get_header reads it", () => {
    const copied = reader('{"Event-Name":"COMMAND","Event-Sequence":"635","gone":null,"Event-Name":"PRIVATE_COMMAND","Event-Sequence":"645","gone":"x"}')!;
    expect([copied.header("Event-Name"), copied.header("Event-Sequence"), copied.header("gone")]).toEqual(["COMMAND", "635", undefined]);
    expect(copied.all()!.headers).toEqual({ "Event-Name": "COMMAND", "Event-Sequence": "635" });
  });

  test("escapes, arrays, numbers and nulls decode as JSON.parse decodes them; arrays as FreeSWITCH's ARRAY::", () => {
    const text = '{"Event-Name":"CUSTOM","q":"say \\"hi\\"\\\\","multi":["a","b,\\"c\\""],"n":5,"gone":null,"name":"Оператор Qo\'ng\'iroq"}';
    const lazy = reader(text)!;
    expect(lazy.header("q")).toBe('say "hi"\\');
    expect(lazy.header("multi")).toBe('ARRAY::a|:b,"c"');
    expect(lazy.header("n")).toBe("5");
    expect(lazy.header("gone")).toBeUndefined();
    expect(lazy.header("name")).toBe("Оператор Qo'ng'iroq");
    expect(lazy.all()).toEqual(parsed(text));
  });

  test("a key's text inside a value or inside a longer key is never taken for the key", () => {
    const text = '{"Event-Name":"HEARTBEAT","note":"\\"Unique-ID\\":\\"fake\\"","x-Unique-ID":"also fake","a\\"Unique-ID":"fake too"}';
    const lazy = reader(text)!;
    expect(lazy.header("Unique-ID")).toBeUndefined();
    expect(lazy.header("x-Unique-ID")).toBe("also fake");
    expect(lazy.all()).toEqual(parsed(text));
  });

  test("_body is the event's own body and hides Content-Length, which otherwise is a header like any other", () => {
    const job = reader('{"Event-Name":"BACKGROUND_JOB","Content-Length":"4","_body":"+OK\\n"}')!;
    expect([job.body(), job.header("Content-Length"), job.header("_body")]).toEqual(["+OK\n", undefined, undefined]);
    expect(reader('{"Event-Name":"X","Content-Length":"4"}')!.header("Content-Length")).toBe("4");
  });

  test("spaces around the punctuation are allowed; another shape is left to JSON.parse", () => {
    expect(reader('{"Event-Name" : "HEARTBEAT" , "Up" :\t"1"}')!.header("Up")).toBe("1");
    for (const other of ['{ "Event-Name":"HEARTBEAT"}', '{"Event-Name":"HEARTBEAT"}\n', "[1,2]"]) expect(reader(other)).toBeUndefined();
    expect(decodeJsonEvent('{"Event-Name":"HEARTBEAT"}\n')?.name).toBe("HEARTBEAT");
  });

  test("a body that is not a well-formed object decodes to nothing as a whole, and never throws", () => {
    for (const broken of ['{"Event-Name":"X",}', '{"Event-Name":"X" "a":"b"}', '{"Event-Name":"X"x}', '{"Event-Name":[}', '{"Event-Name":tru}']) {
      expect(reader(broken)!.all()).toBeUndefined();
      expect(decodeJsonEvent(broken)).toBeUndefined();
    }
  });

  test("the headers object reads like a plain one: lookups, `in`, keys, spreading, JSON", () => {
    const text = '{"Event-Name":"HEARTBEAT","Up-Time":"0 years","Session-Count":"2"}';
    const headers = reader(text)!.headers();
    expect(headers["Up-Time"]).toBe("0 years");
    expect("Session-Count" in headers).toBe(true);
    expect("missing" in headers).toBe(false);
    expect(headers.missing).toBeUndefined();
    expect(Object.keys(headers)).toEqual(["Event-Name", "Up-Time", "Session-Count"]);
    expect({ ...headers }).toEqual(parsed(text).headers);
    expect(JSON.parse(JSON.stringify(headers))).toEqual(parsed(text).headers);
    expect(headers).toEqual(parsed(text).headers);
    expect(headers).not.toEqual({ ...parsed(text).headers, "Up-Time": "1 year" });
  });
});
