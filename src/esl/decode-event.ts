import { CUSTOM_SUBCLASSES, EVENT_NAMES, type EslCustomSubclass, type EslEvent, type EslEventName } from "./port.ts";
import type { EslFrame } from "./frame-parser.ts";
import { createJsonEventReader, eventParts, type EventParts } from "./json-event-reader.ts";

/** Any FreeSWITCH event, typed or not (API, PRESENCE_IN, sofia::pre_register, …). */
export type DecodedEvent = {
  name: string;
  subclass?: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
};

const PERCENT = 0x25;
const utf8 = new TextDecoder("utf-8");

/**
 * FreeSWITCH URL-encodes plain event values byte by byte (`%D0%9E` is one
 * UTF-8 byte each). Decoding at byte level and only then as UTF-8 keeps
 * multi-byte names whole; a `%` not followed by two hex digits stays as it is
 * instead of throwing the way decodeURIComponent would.
 */
export function decodeFreeswitchValue(raw: Uint8Array): string {
  if (!raw.includes(PERCENT)) return utf8.decode(raw);
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    const hi = byte === PERCENT ? hexValue(raw[i + 1]) : -1;
    const lo = hi >= 0 ? hexValue(raw[i + 2]) : -1;
    if (lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = byte;
    }
  }
  return utf8.decode(out.subarray(0, n));
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * A `text/event-plain` body: `Name: url-encoded value` lines up to a blank
 * line; when those lines hold `Content-Length: N`, the N bytes after the blank
 * line are the event's own body. Split as bytes, so N counts bytes. A header
 * named twice keeps its first value, as FreeSWITCH and its ESL library read
 * it (switch_event_get_header, esl_event_get_header).
 */
export function decodePlainEvent(body: Uint8Array): DecodedEvent | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const blank = bytes.indexOf("\n\n");
  const headerBytes = blank < 0 ? bytes : bytes.subarray(0, blank);
  const headers: Record<string, string> = {};
  let start = 0;
  while (start < headerBytes.length) {
    const lf = headerBytes.indexOf(0x0a, start);
    const line = headerBytes.subarray(start, lf < 0 ? headerBytes.length : lf);
    start = lf < 0 ? headerBytes.length : lf + 1;
    const colon = line.indexOf(": ");
    const name = colon > 0 ? line.subarray(0, colon).toString("latin1") : "";
    if (name && !Object.hasOwn(headers, name)) headers[name] = decodeFreeswitchValue(line.subarray(colon + 2));
  }
  let own: string | undefined;
  const length = headers["Content-Length"];
  if (length !== undefined && blank >= 0) {
    delete headers["Content-Length"];
    own = utf8.decode(bytes.subarray(blank + 2, blank + 2 + Number(length)));
  }
  return withName(headers, own);
}

/**
 * A `text/event-json` body decoded whole: one object of raw UTF-8 values; the
 * event's own body is `_body`. FreeSWITCH's shape is walked by the reader
 * the client uses (json-event-reader.ts), so both agree to the byte, a
 * header named twice included; any other JSON goes through JSON.parse.
 */
export function decodeJsonEvent(body: Uint8Array | string): DecodedEvent | undefined {
  const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const reader = createJsonEventReader()(bytes);
  const parts = reader ? reader.all() : parseJsonEvent(bytes);
  return parts && withName(parts.headers, parts.body);
}

function parseJsonEvent(bytes: Buffer): EventParts | undefined {
  try {
    const parsed: unknown = JSON.parse(utf8.decode(bytes));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? eventParts(Object.entries(parsed)) : undefined;
  } catch {
    return undefined;
  }
}

function withName(headers: Record<string, string>, body: string | undefined): DecodedEvent | undefined {
  const name = headers["Event-Name"];
  if (name === undefined) return undefined;
  const subclass = headers["Event-Subclass"];
  return {
    name,
    ...(subclass !== undefined ? { subclass } : {}),
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The event carried by a frame, or undefined for replies, greetings and notices. */
export function decodeEventFrame(frame: EslFrame): DecodedEvent | undefined {
  switch (frame.contentType) {
    case "text/event-plain":
      return decodePlainEvent(frame.body);
    case "text/event-json":
      return decodeJsonEvent(frame.body);
    default:
      return undefined;
  }
}

const typedNames: ReadonlySet<string> = new Set(EVENT_NAMES);
const typedSubclasses: ReadonlySet<string> = new Set(CUSTOM_SUBCLASSES);

/** Narrows to the events callboard subscribes to; everything else is undefined. */
export function asTypedEvent(event: DecodedEvent): EslEvent | undefined {
  if (!typedNames.has(event.name)) return undefined;
  const name = event.name as EslEventName;
  const base = { headers: event.headers, ...(event.body !== undefined ? { body: event.body } : {}) };
  if (name !== "CUSTOM") return { name, ...base };
  if (event.subclass === undefined || !typedSubclasses.has(event.subclass)) return undefined;
  return { name, subclass: event.subclass as EslCustomSubclass, ...base };
}

/**
 * One per connection: the event in a frame when it is one callboard
 * subscribes to, else undefined. JSON events are read lazily
 * (json-event-reader.ts), so an event nobody subscribed to costs one look at
 * its Event-Name.
 */
export function createSubscribedEventDecoder(): (frame: EslFrame) => EslEvent | undefined {
  const readJson = createJsonEventReader();
  return (frame) => {
    const lazy = frame.contentType === "text/event-json" ? readJson(frame.body) : undefined;
    if (!lazy) {
      const decoded = decodeEventFrame(frame);
      return decoded && asTypedEvent(decoded);
    }
    const name = lazy.header("Event-Name");
    if (name === undefined || !typedNames.has(name)) return undefined;
    const subclass = name === "CUSTOM" ? lazy.header("Event-Subclass") : undefined;
    if (name === "CUSTOM" && (subclass === undefined || !typedSubclasses.has(subclass))) return undefined;
    const body = lazy.body();
    return {
      name: name as EslEventName,
      ...(subclass !== undefined ? { subclass: subclass as EslCustomSubclass } : {}),
      headers: lazy.headers(),
      ...(body !== undefined ? { body } : {}),
    } as EslEvent;
  };
}
