import { CUSTOM_SUBCLASSES, EVENT_NAMES, type EslCustomSubclass, type EslEvent, type EslEventName } from "./port.ts";
import type { EslFrame } from "./frame-parser.ts";

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
 * line are the event's own body. Split as bytes, so N counts bytes.
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
    if (colon > 0) headers[line.subarray(0, colon).toString("latin1")] = decodeFreeswitchValue(line.subarray(colon + 2));
  }
  let own: string | undefined;
  const length = headers["Content-Length"];
  if (length !== undefined && blank >= 0) {
    delete headers["Content-Length"];
    own = utf8.decode(bytes.subarray(blank + 2, blank + 2 + Number(length)));
  }
  return withName(headers, own);
}

/** A `text/event-json` body: one object, raw UTF-8 values; the event's own body is `_body`. */
export function decodeJsonEvent(body: Uint8Array | string): DecodedEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === "string" ? body : utf8.decode(body));
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? decodeJsonEventObject(parsed as Record<string, unknown>)
    : undefined;
}

/**
 * An already-parsed JSON event. JSON.parse keeps the last of a duplicated key
 * (`profile-name` twice in sofia::register_failure); FreeSWITCH writes the same
 * value both times, so nothing is lost.
 */
function decodeJsonEventObject(object: Record<string, unknown>): DecodedEvent | undefined {
  const headers: Record<string, string> = {};
  let own: string | undefined;
  for (const [key, value] of Object.entries(object)) {
    if (key === "_body") own = String(value);
    else if (value !== null && value !== undefined) headers[key] = jsonValueAsHeader(value);
  }
  if (own !== undefined) delete headers["Content-Length"];
  return withName(headers, own);
}

/** JSON events give `ARRAY::a|:b` variables as arrays; plain events keep FreeSWITCH's own form. */
function jsonValueAsHeader(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `ARRAY::${value.map(String).join("|:")}`;
  return JSON.stringify(value);
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
  switch (frame.headers["Content-Type"]) {
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

/** One per connection: the event in a frame when it is one callboard subscribes to, else undefined. */
export function createSubscribedEventDecoder(): (frame: EslFrame) => EslEvent | undefined {
  return (frame) => {
    const decoded = decodeEventFrame(frame);
    return decoded && asTypedEvent(decoded);
  };
}
