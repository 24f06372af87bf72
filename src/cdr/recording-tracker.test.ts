import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../db/client.ts";
import { recordings } from "../db/schema.ts";
import { asTypedEvent, decodeEventFrame } from "../esl/decode-event.ts";
import { splitFrames } from "../esl/frame-parser.ts";
import type { EslEvent, EslPort } from "../esl/port.ts";
import { createLogger } from "../log.ts";
import { startRecordingTracker } from "./recording-tracker.ts";

const FRAMES = join(import.meta.dir, "../../test/fixtures/freeswitch/esl/frames");
const A_LEG = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";
const tmp = mkdtempSync(join(tmpdir(), "callboard-tracker-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The captured RECORD_STOP frame, decoded by the adapter's own decoder. */
function capturedRecordStop(kind: "json" | "plain" = "json"): EslEvent {
  const [frame] = splitFrames(new Uint8Array(readFileSync(join(FRAMES, `event_${kind}_record_stop_cyrillic_a_leg.frame`))));
  const decoded = frame && decodeEventFrame(frame);
  const event = decoded && asTypedEvent(decoded);
  if (!event) throw new Error(`the ${kind} RECORD_STOP frame did not decode`);
  return event;
}

function fakeEsl() {
  const listeners = new Set<(e: EslEvent) => void>();
  const port: EslPort = {
    api: async () => ({ ok: false, kind: "disconnected", message: "fake" }),
    bgapi: async () => ({ ok: false, kind: "disconnected", message: "fake" }),
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onStatus: () => () => {},
    status: () => "connected",
    close() {},
  };
  return { port, emit: (e: EslEvent) => listeners.forEach((l) => l(e)), listeners };
}

/** The captured frames record to /srv/pbx1/rec (the lab's directory, see the fixtures' README). */
function setup(recordingsDir = "/srv/pbx1/rec") {
  const db = openDb(":memory:");
  const esl = fakeEsl();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("warn", { write: (line: string) => lines.push(JSON.parse(line)) });
  const stop = startRecordingTracker({ db, esl: esl.port, log, recordingsDir });
  return { db, esl, stop, lines };
}

const stopEvent = (headers: Record<string, string>): EslEvent => {
  const event = capturedRecordStop();
  return { ...event, headers: { ...event.headers, ...headers } };
};

test("a captured RECORD_STOP registers the recording with path, leg, call, duration and size", () => {
  const { db, esl } = setup();
  esl.emit(capturedRecordStop());
  const rows = db.select().from(recordings).all();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    path: "/srv/pbx1/rec/test-cyr.wav",
    channelUuid: A_LEG,
    callUuid: A_LEG,
    durationMs: 2000,
    sizeBytes: 32044,
  });
  // Stopped at 1795344328122695 µs after 2000 ms of recording.
  expect(rows[0]?.startedAt?.getTime()).toBe(1795344328122 - 2000);
});

test("the plain-text RECORD_STOP registers the same recording as the JSON one", () => {
  const { db, esl } = setup();
  esl.emit(capturedRecordStop("plain"));
  expect(db.select().from(recordings).get()).toMatchObject({
    path: "/srv/pbx1/rec/test-cyr.wav",
    channelUuid: A_LEG,
    durationMs: 2000,
    sizeBytes: 32044,
  });
});

test("the size on disk wins over FreeSWITCH's count when callboard can see the file", () => {
  const { db, esl, lines } = setup(tmp);
  const path = join(tmp, "seen.wav");
  writeFileSync(path, new Uint8Array(1234));
  esl.emit(stopEvent({ "Record-File-Path": path }));
  expect(db.select().from(recordings).get()).toMatchObject({ sizeBytes: 1234, status: "ok" });
  expect(lines).toHaveLength(0);
});

test("a recording with no file on disk is registered as missing, with a warning naming the leg", () => {
  const { db, esl, lines } = setup();
  esl.emit(capturedRecordStop());
  expect(db.select().from(recordings).get()?.status).toBe("missing");
  expect(lines).toEqual([expect.objectContaining({ uuid: A_LEG, status: "missing", code: "ENOENT", msg: expect.stringContaining("recording missing") })]);
});

test("FreeSWITCH's uri-failure makes the recording failed; a discarded empty file makes it empty", () => {
  const { db, esl, lines } = setup(tmp);
  const written = join(tmp, "half.wav");
  writeFileSync(written, new Uint8Array(5000));
  esl.emit(stopEvent({ "Record-File-Path": written, "Record-Completion-Cause": "uri-failure" }));
  esl.emit(stopEvent({ "Record-File-Path": join(tmp, "discarded.wav"), "Record-Completion-Cause": "empty-file" }));
  const header = join(tmp, "header-only.wav");
  writeFileSync(header, new Uint8Array(44));
  esl.emit(stopEvent({ "Record-File-Path": header }));
  expect(db.select().from(recordings).all().map((r) => [r.path, r.status])).toEqual([
    [written, "failed"],
    [join(tmp, "discarded.wav"), "empty"],
    [header, "empty"],
  ]);
  expect(lines.map((l) => l.status)).toEqual(["failed", "empty", "empty"]);
});

test("a path holding a NUL or a line break, or outside the recordings directory, is refused with a warning naming the leg", () => {
  const { db, esl, lines } = setup();
  for (const path of ["/srv/pbx1/rec/a\u0000.wav", "/srv/pbx1/rec/a\nb.wav", "/etc/passwd", "/srv/pbx1/rec/../x.wav"]) {
    esl.emit(stopEvent({ "Record-File-Path": path }));
  }
  expect(db.select().from(recordings).all()).toHaveLength(0);
  expect(lines).toHaveLength(4);
  for (const line of lines) expect(line).toMatchObject({ uuid: A_LEG, source: "RECORD_STOP", msg: expect.stringMatching(/^recording refused: its path /) });
  expect(lines[0]?.path).toBe("/srv/pbx1/rec/a\u0000.wav");
});

test("the same file reported twice stays one recording", () => {
  const { db, esl } = setup();
  esl.emit(capturedRecordStop());
  esl.emit(capturedRecordStop());
  expect(db.select().from(recordings).all()).toHaveLength(1);
});

test("other events and a RECORD_STOP without a path register nothing", () => {
  const { db, esl } = setup();
  const event = capturedRecordStop();
  esl.emit({ ...event, name: "RECORD_START" });
  const { "Record-File-Path": _, ...noPath } = event.headers;
  esl.emit({ ...event, headers: noPath });
  expect(db.select().from(recordings).all()).toHaveLength(0);
});

test("stop() unsubscribes from the event socket", () => {
  const { esl, stop } = setup();
  expect(esl.listeners.size).toBe(1);
  stop();
  expect(esl.listeners.size).toBe(0);
});
