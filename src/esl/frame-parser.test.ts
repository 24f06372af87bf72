import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ESL_FIXTURES, TRANSCRIPTS, frameBytes, transcriptBytes } from "../../test/support/esl-transcript.ts";
import { createFrameParser, headerLines, splitFrames, type EslFrame } from "./frame-parser.ts";

function feed(chunks: Uint8Array[]): EslFrame[] {
  const parser = createFrameParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** Writes frames back the way FreeSWITCH put them on the wire. */
function serialise(frames: Pick<EslFrame, "headers" | "body">[]): Buffer {
  return Buffer.concat(
    frames.flatMap((frame) => [
      Buffer.from(Object.entries(frame.headers).map(([name, value]) => `${name}: ${value}\n`).join("") + "\n"),
      frame.body,
    ]),
  );
}

/** Offsets where a header block or a frame ends: the places a careless parser breaks. */
function boundaries(bytes: Buffer): number[] {
  const at: number[] = [];
  let offset = 0;
  for (const frame of splitFrames(bytes)) {
    const headerLength = serialise([{ headers: frame.headers, body: Buffer.alloc(0) }]).length;
    at.push(offset + headerLength - 1, offset + headerLength);
    offset += headerLength + frame.body.length;
    at.push(offset);
  }
  return at;
}

function cutAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const sorted = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const to of sorted) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

describe("ESL framing of captured FreeSWITCH sessions", () => {
  for (const name of TRANSCRIPTS) {
    const bytes = transcriptBytes(name);
    const whole = splitFrames(bytes);

    test(`${name}: the frames account for every byte received, in order`, () => {
      expect(serialise(whole).equals(bytes)).toBe(true);
      expect(whole.reduce((sum, frame) => sum + frame.size, 0)).toBe(bytes.length);
    });

    test(`${name}: bytes arriving one at a time give the same frames`, () => {
      const oneByOne = feed(Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)));
      expect(oneByOne).toEqual(whole);
    });

    test(`${name}: a read ending just before, inside or after any blank line or frame end loses nothing`, () => {
      for (const shift of [-2, -1, 0, 1, 2]) {
        const chunks = cutAt(bytes, boundaries(bytes).map((o) => o + shift));
        expect(feed(chunks)).toEqual(whole);
      }
    });
  }

  test("every captured single frame survives being split at every byte", () => {
    const names = readdirSync(join(ESL_FIXTURES, "frames")).filter((f) => f.endsWith(".frame"));
    expect(names.length).toBeGreaterThan(40);
    for (const file of names) {
      const bytes = frameBytes(file.replace(/\.frame$/, ""));
      const whole = splitFrames(bytes);
      expect(whole).toHaveLength(1);
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(feed([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
      }
    }
  });

  test("several events in one chunk come out as several frames", () => {
    const chunk = Buffer.concat(
      ["event_plain_heartbeat", "event_json_sofia_register", "api_uuid_hold", "event_plain_sofia_unregister"].map(frameBytes),
    );
    const frames = splitFrames(chunk);
    expect(frames.map((f) => f.headers["Content-Type"])).toEqual([
      "text/event-plain",
      "text/event-json",
      "api/response",
      "text/event-plain",
    ]);
  });

  test("Content-Length counts bytes, so a Cyrillic JSON event ends exactly where FreeSWITCH said", () => {
    const [frame] = splitFrames(frameBytes("event_json_channel_create_cyrillic_a_leg"));
    const text = frame!.body.toString("utf8");
    expect(frame!.body.length).toBe(Number(frame!.headers["Content-Length"]));
    expect(text.length).toBeLessThan(frame!.body.length);
    expect(text.endsWith("}")).toBe(true);
  });

  test("the disconnect notice is a frame of its own with its goodbye text", () => {
    const frames = splitFrames(transcriptBytes("plain-ALL-during-call-to-9999"));
    const last = frames.at(-1)!;
    expect(last.headers["Content-Type"]).toBe("text/disconnect-notice");
    expect(last.body.toString()).toBe("Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
  });

  test("a reply text holding ': ' is kept whole", () => {
    const [reply] = splitFrames(frameBytes("bgapi_originate_reply"));
    expect(reply!.headers["Reply-Text"]).toBe("+OK Job-UUID: f61de0c7-bcd2-4954-8ab5-ac22479aec79");
  });

  test("a '%' not followed by hex in a reply is carried through untouched", () => {
    const bytes = Buffer.from(
      "Content-Type: api/response\nContent-Length: 10\n\n100% done\nContent-Type: command/reply\nReply-Text: +OK 50%zz\n\n",
    );
    const frames = feed(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
    expect(frames.map((f) => f.body.toString())).toEqual(["100% done\n", ""]);
    expect(frames[1]!.headers["Reply-Text"]).toBe("+OK 50%zz");
  });

  test("a connection that ends mid-frame leaves the partial bytes pending, not a frame", () => {
    const bytes = frameBytes("event_plain_heartbeat");
    const parser = createFrameParser();
    expect(parser.push(bytes.subarray(0, 100))).toEqual([]);
    expect(parser.pendingBytes()).toBeGreaterThan(0);
  });

  test("a body that arrives inside one read is a view of it, not a copy", () => {
    const bytes = frameBytes("event_json_heartbeat");
    const [frame] = splitFrames(bytes);
    expect(frame!.body.buffer).toBe(bytes.buffer);
  });

  test("a header block or a Content-Length past the limit stops the parser instead of buffering on", () => {
    const endless = createFrameParser(64);
    expect(endless.push(Buffer.from(`Content-Type: text/${"x".repeat(100)}`))).toEqual([]);
    expect(endless.oversize()).toBe(true);
    const huge = createFrameParser(64);
    expect(huge.push(Buffer.from("Content-Type: api/response\nContent-Length: 65\n\nabc"))).toEqual([]);
    expect(huge.oversize()).toBe(true);
  });
});

describe("reading what a client sends, as mod_event_socket's read_packet does", () => {
  const read = (chunks: string[]) => {
    const reader = createFrameParser();
    return chunks.flatMap((chunk) => reader.push(Buffer.from(chunk))).map((b) => ({ lines: headerLines(b.head), body: b.body.toString(), size: b.size }));
  };

  test("CRLF line ends, a blank line of CRs, stray newlines before a command, and a split anywhere", () => {
    const bytes = "\r\n\napi status\r\n\r\nsendmsg x\r\ncall-command: hangup\r\ncontent-length: 2\r\n\r\nokexit\n\r\n";
    const expected = [
      { lines: ["api status"], body: "", size: 17 },
      { lines: ["sendmsg x", "call-command: hangup", "content-length: 2"], body: "ok", size: 56 },
      { lines: ["exit"], body: "", size: 7 },
    ];
    expect(read([bytes])).toEqual(expected);
    expect(expected.reduce((sum, b) => sum + b.size, 0)).toBe(Buffer.byteLength(bytes));
    for (let cut = 1; cut < bytes.length; cut++) expect(read([bytes.slice(0, cut), bytes.slice(cut)])).toEqual(expected);
    expect(read(Array.from(bytes))).toEqual(expected);
  });
});
