/**
 * Reads a `text/event-json` body header by header, on demand, instead of
 * parsing all of it.
 *
 * Why: a channel event carries 100–200 headers and callboard reads about 20
 * of them; JSON.parse built every one and was most of what an event cost on
 * its way to the live state (bench/live-events.ts). An event nobody
 * subscribed to costs one look at its Event-Name.
 *
 * FreeSWITCH writes an event as one flat cJSON object with string values and
 * arrays of strings: `{"Event-Name":"HEARTBEAT","Core-UUID":…}`. In such text
 * `"Name"` between `{` or `,` and `:` can only be a key, because inside a
 * string every `"` is escaped; so a header is found by searching for its key
 * bytes as written (cJSON escapes only quotes, backslashes and control
 * characters, which no header name holds), from the start. A header named
 * twice reads as its first value, as FreeSWITCH and its ESL library read it
 * (switch_event_get_header, esl_event_get_header) and as the plain decoder
 * does: a PRIVATE_COMMAND copied from a COMMAND reads as the COMMAND. A
 * body that does not look like `{"…}` is not read here: the caller falls
 * back to JSON.parse. Whatever needs every header at once (Object.keys,
 * spreading, JSON.stringify, a deep-equal) walks the whole body once.
 */
import { lazyHeaders } from "./lazy-headers.ts";

export type JsonEventReader = {
  /** The decoded value of one header, or undefined when the body has none (or it is null). */
  header(name: string): string | undefined;
  /** The event's own body (`_body`), if it has one. */
  body(): string | undefined;
  /** Every header, readable like a plain object; looked up one by one until something asks for all. */
  headers(): Readonly<Record<string, string>>;
  /** Every header and the own body, or undefined when the text is not a well-formed object after all. */
  all(): EventParts | undefined;
};

export type EventParts = { headers: Record<string, string>; body?: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const FAILED = Symbol("not JSON");

/** One per connection: it remembers the encoded form of every header name asked for. */
export function createJsonEventReader(): (body: Buffer) => JsonEventReader | undefined {
  const needles = new Map<string, Buffer>();
  const needle = (name: string): Buffer => {
    let bytes = needles.get(name);
    if (!bytes) needles.set(name, (bytes = Buffer.from(`"${name}"`)));
    return bytes;
  };
  return (text) => {
    const shaped = text.length > 2 && text[0] === OPEN && text[1] === QUOTE && text[text.length - 1] === CLOSE;
    return shaped ? new JsonEvent(text, needle) : undefined;
  };
}

/**
 * Headers from a JSON event's members: `_body` is the event's own body and
 * takes `Content-Length` with it; null values are absent; arrays become
 * FreeSWITCH's `ARRAY::a|:b`, as plain events write them; a name given twice
 * keeps its first value.
 */
export function eventParts(members: Iterable<[string, unknown]>): EventParts {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  let body: string | undefined;
  for (const [key, value] of members) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === "_body") body = String(value);
    else if (value !== null && value !== undefined) headers[key] = asHeader(value);
  }
  if (body === undefined) return { headers };
  delete headers["Content-Length"];
  return { headers, body };
}

/** One event's body; an object with its methods on the prototype, so an event nobody reads costs one allocation. */
class JsonEvent implements JsonEventReader {
  #body: string | undefined | null = null;
  #headers: Readonly<Record<string, string>> | undefined;

  constructor(
    private readonly text: Buffer,
    private readonly needle: (name: string) => Buffer,
  ) {}

  header(name: string): string | undefined {
    if (name === "_body" || (name === "Content-Length" && this.body() !== undefined)) return undefined;
    const value = this.member(name);
    return value === undefined || value === null ? undefined : asHeader(value);
  }

  body(): string | undefined {
    if (this.#body === null) {
      const value = this.member("_body");
      this.#body = value === undefined ? undefined : String(value);
    }
    return this.#body;
  }

  headers(): Readonly<Record<string, string>> {
    return (this.#headers ??= lazyHeaders(this));
  }

  all(): EventParts | undefined {
    const members = walk(this.text);
    return members && eventParts(members);
  }

  every(): Record<string, string> | undefined {
    return this.all()?.headers;
  }

  /** The first member named `name`: its key bytes after `{` or `,` and before `:`. */
  private member(name: string): unknown {
    const text = this.text;
    const key = this.needle(name);
    for (let at = text.indexOf(key); at > 0; at = text.indexOf(key, at + 1)) {
      let before = at - 1;
      while (isSpace(text[before])) before--;
      const colon = skipSpace(text, at + key.length);
      if ((text[before] === COMMA || text[before] === OPEN) && text[colon] === 0x3a) {
        const value = valueAt(text, colon + 1, valueEnd);
        return value === FAILED ? undefined : value;
      }
    }
    return undefined;
  }
}

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(text: Buffer, from: number): number {
  let at = from;
  while (isSpace(text[at])) at++;
  return at;
}

/**
 * The JSON value starting at `from` (spaces skipped), ending where `end`
 * says. A string without escapes is cut out and decoded directly, as Latin-1
 * when it is all ASCII (the cheaper decode, and the same text); anything else
 * goes through JSON.parse.
 */
function valueAt(text: Buffer, from: number, end: (text: Buffer, at: number) => number): unknown {
  const at = skipSpace(text, from);
  if (text[at] === QUOTE) {
    let close = at + 1;
    let ascii = true;
    for (let byte = text[close]; byte !== undefined && byte !== QUOTE && byte !== BACKSLASH; byte = text[++close]) ascii &&= byte < 0x80;
    if (text[close] === QUOTE) return text.toString(ascii ? "latin1" : "utf8", at + 1, close);
  }
  try {
    return JSON.parse(text.toString("utf8", at, end(text, at)));
  } catch {
    return FAILED;
  }
}

/** Where the value starting at `at` ends: the `,` or `}` closing it at its own depth, strings skipped. */
function valueEnd(text: Buffer, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const byte = text[i];
    if (byte === QUOTE) i = stringClose(text, i);
    else if (byte === 0x5b || byte === OPEN) depth++;
    else if (depth > 0 && (byte === 0x5d || byte === CLOSE)) depth--;
    else if (depth === 0 && (byte === COMMA || byte === CLOSE)) return i;
  }
  return text.length;
}

/** The index of the quote closing the string that opens at `open`, or the end of the text. */
function stringClose(text: Buffer, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === BACKSLASH) i++;
    else if (text[i] === QUOTE) return i;
  }
  return text.length;
}

/** Every member in order, or undefined at the first thing that is not `"key": value` separated by commas. */
function walk(text: Buffer): [string, unknown][] | undefined {
  const members: [string, unknown][] = [];
  for (let at = 1; ; ) {
    const open = skipSpace(text, at);
    if (text[open] !== QUOTE) return undefined;
    const close = stringClose(text, open);
    const key = valueAt(text, open, () => close + 1);
    const colon = skipSpace(text, close + 1);
    if (typeof key !== "string" || text[colon] !== 0x3a) return undefined;
    const start = skipSpace(text, colon + 1);
    const end = valueEnd(text, start);
    const value = valueAt(text, start, () => end);
    if (value === FAILED || end === text.length) return undefined;
    if (text[start] === QUOTE && skipSpace(text, stringClose(text, start) + 1) !== end) return undefined;
    members.push([key, value]);
    if (text[end] === CLOSE) return end === text.length - 1 ? members : undefined;
    at = end + 1;
  }
}

function asHeader(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `ARRAY::${value.map(String).join("|:")}`;
  return JSON.stringify(value);
}
