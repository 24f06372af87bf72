/**
 * Captured FreeSWITCH ESL bytes (test/fixtures/freeswitch/esl) as frames and
 * events, decoded by the same code the client uses.
 *
 *   transcriptEvents("plain-ALL-registration-and-call-cyrillic")  // typed EslEvents, in arrival order
 *   frameEvent("event_json_sofia_register")                       // one typed event
 *   apiReply("api_show_channels_json_idle")                       // '{"row_count": 0}\n'
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asTypedEvent, decodeEventFrame, type DecodedEvent } from "../../src/esl/decode-event.ts";
import { splitFrames, type EslFrame } from "../../src/esl/frame-parser.ts";
import type { EslEvent } from "../../src/esl/port.ts";

export const ESL_FIXTURES = join(import.meta.dir, "..", "fixtures", "freeswitch", "esl");

export const TRANSCRIPTS = [
  "plain-ALL-during-call-to-9999",
  "json-ALL-during-bridged-call-to-1002",
  "plain-ALL-registration-and-call-cyrillic",
  "json-ALL-registration-and-call-cyrillic",
  "api-and-bgapi-session",
  "api-control-session-cyrillic",
  "json-BACKGROUND_JOB-session",
  "bad-auth-session",
] as const;
export type TranscriptName = (typeof TRANSCRIPTS)[number];

/** Every byte FreeSWITCH sent on that connection (`<name>.received.raw`). */
export function transcriptBytes(name: TranscriptName): Buffer {
  return readFileSync(join(ESL_FIXTURES, `${name}.received.raw`));
}

/** Every byte the client sent (`<name>.sent.raw`): the commands, each ending in a blank line. */
export function transcriptSentBytes(name: TranscriptName): Buffer {
  return readFileSync(join(ESL_FIXTURES, `${name}.sent.raw`));
}

export function transcriptFrames(name: TranscriptName): EslFrame[] {
  return splitFrames(transcriptBytes(name));
}

/** All events, typed or not (API, PRESENCE_IN, sofia::pre_register, …). */
export function transcriptAllEvents(name: TranscriptName): DecodedEvent[] {
  return transcriptFrames(name).flatMap((frame) => decodeEventFrame(frame) ?? []);
}

/** Only the events the client delivers to onEvent listeners, in arrival order. */
export function transcriptEvents(name: TranscriptName): EslEvent[] {
  return transcriptAllEvents(name).flatMap((event) => asTypedEvent(event) ?? []);
}

/** The bytes of `frames/<name>.frame`. */
export function frameBytes(name: string): Buffer {
  return readFileSync(join(ESL_FIXTURES, "frames", `${name}.frame`));
}

/** `frames/<name>.frame` parsed; throws unless it holds exactly one frame. */
export function loadFrame(name: string): EslFrame {
  const frames = splitFrames(frameBytes(name));
  if (frames.length !== 1) throw new Error(`${name}.frame holds ${frames.length} frames, expected 1`);
  return frames[0]!;
}

/** The typed event in `frames/<name>.frame`; throws if it is not one. */
export function frameEvent(name: string): EslEvent {
  const decoded = decodeEventFrame(loadFrame(name));
  const event = decoded && asTypedEvent(decoded);
  if (!event) throw new Error(`${name}.frame is not an event callboard subscribes to`);
  return event;
}

/** The body of an `api/response` frame as text, exactly as FreeSWITCH answered. */
export function apiReply(name: string): string {
  const frame = loadFrame(name);
  if (frame.headers["Content-Type"] !== "api/response") throw new Error(`${name}.frame is not an api/response`);
  return frame.body.toString("utf8");
}
