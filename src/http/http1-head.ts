/**
 * The head of one HTTP/1.1 request, parsed strictly (RFC 9112) for the
 * xml_curl listener (src/xmlcurl/xmlcurl-listener.ts): bytes in, a value out,
 * never a throw. Anything FreeSWITCH's libcurl would not send and a lenient
 * parser would have to guess about is refused with the status to answer:
 * bare CR or LF, folded or space-padded header names, a repeated framing
 * header, Transfer-Encoding (libcurl sends a form POST with Content-Length),
 * a Content-Length that is not plain digits. There is no second reading of a
 * request that another parser might frame differently.
 */

export type HttpHead = {
  method: string;
  /** The request-target as sent; origin-form only (`/path?query`). */
  target: string;
  /** Lower-case names; a name sent twice has its values joined by ", " (never a framing header: those are refused). */
  headers: Map<string, string>;
  contentLength: number;
  /** HTTP/1.1 without `Connection: close`; an HTTP/1.0 connection is closed after its answer. */
  keepAlive: boolean;
  /** `Expect: 100-continue`: the client waits for a 100 before it sends the body. */
  expectsContinue: boolean;
};

export type HeadRefusal = { status: 400 | 411 | 417 | 431 | 505; reason: string };

export type HeadLimits = { maxHeadBytes: number; maxHeaders: number };

/**
 * `{ head, size }` when `buf` starts with a whole head (`size`: its bytes,
 * the blank line included); `{ refused }` when it cannot be a request this
 * listener serves; undefined while more bytes are needed.
 */
export function parseHead(buf: Buffer, limits: HeadLimits): { head: HttpHead; size: number } | { refused: HeadRefusal } | undefined {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) {
    // The start of a head that never ends within the limit, or no request line at all.
    if (buf.length > limits.maxHeadBytes) return { refused: { status: 431, reason: "request head too large" } };
    return buf.length >= 2 && buf[0] === CR && buf[1] === LF ? { refused: bad("empty line before the request line") } : undefined;
  }
  if (end + 4 > limits.maxHeadBytes) return { refused: { status: 431, reason: "request head too large" } };
  const parsed = parseHeadText(buf.toString("latin1", 0, end), limits);
  return "refused" in parsed ? parsed : { head: parsed, size: end + 4 };
}

const CR = 13;
const LF = 10;
const HEAD_END = Buffer.from("\r\n\r\n");
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\/[!-~]*) HTTP\/(\d)\.(\d)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A CR not before LF, an LF not after CR, or NUL: a line a lenient parser might split where this one does not. */
const STRAY = /\0|\r(?!\n)|(?<!\r)\n/;
const DIGITS = /^\d{1,15}$/;
/** Headers that decide where a request ends or who sent it: one of each, or the request is refused. */
const SINGLE = new Set(["content-length", "transfer-encoding", "host", "expect", "authorization", "connection"]);
const SPACE = 32;
const TAB = 9;

const bad = (reason: string): HeadRefusal => ({ status: 400, reason });

/** By hand rather than a regex a line: this runs for every request FreeSWITCH makes, and a regex a line cost twice as much. */
function parseHeadText(text: string, limits: HeadLimits): HttpHead | { refused: HeadRefusal } {
  if (STRAY.test(text)) return { refused: bad("bare CR, LF or NUL in the head") };
  const first = text.indexOf("\r\n");
  const request = REQUEST_LINE.exec(first < 0 ? text : text.slice(0, first));
  if (!request) return { refused: bad("malformed request line") };
  const method = request[1]!;
  const target = request[2]!;
  const major = request[3];
  const minor = request[4];
  if (major !== "1" || (minor !== "0" && minor !== "1")) return { refused: { status: 505, reason: "only HTTP/1.0 and HTTP/1.1" } };
  const headers = new Map<string, string>();
  let count = 0;
  for (let at = first < 0 ? text.length : first + 2; at < text.length; ) {
    let eol = text.indexOf("\r\n", at);
    if (eol < 0) eol = text.length;
    if (++count > limits.maxHeaders) return { refused: { status: 431, reason: "too many header fields" } };
    const colon = text.indexOf(":", at);
    if (colon < 0 || colon > eol) return { refused: bad("malformed header line") };
    const name = text.slice(at, colon);
    // Also refuses a folded line (it starts with a space) and a space before the colon.
    if (!TOKEN.test(name)) return { refused: bad("malformed header line") };
    let from = colon + 1;
    let to = eol;
    while (from < to && isBlank(text.charCodeAt(from))) from++;
    while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
    const value = text.slice(from, to);
    const key = name.toLowerCase();
    const seen = headers.get(key);
    if (seen === undefined) headers.set(key, value);
    else if (SINGLE.has(key)) return { refused: bad(`${key} sent twice`) };
    else headers.set(key, `${seen}, ${value}`);
    at = eol + 2;
  }
  const http11 = minor === "1";
  if (http11 && !headers.has("host")) return { refused: bad("HTTP/1.1 request without host") };
  const length = headers.get("content-length");
  if (headers.has("transfer-encoding")) {
    return { refused: length === undefined ? { status: 411, reason: "send a content-length, not a transfer-encoding" } : bad("both transfer-encoding and content-length") };
  }
  if (length !== undefined && !DIGITS.test(length)) return { refused: bad("content-length is not a number") };
  if (length === undefined && method !== "GET" && method !== "HEAD") return { refused: { status: 411, reason: "content-length required" } };
  const expect = headers.get("expect");
  if (expect !== undefined && expect !== "" && expect.toLowerCase() !== "100-continue") return { refused: { status: 417, reason: "only expect: 100-continue" } };
  const connection = headers.get("connection")?.toLowerCase() ?? "";
  return {
    method,
    target,
    headers,
    contentLength: length === undefined ? 0 : Number(length),
    keepAlive: http11 && !hasToken(connection, "close"),
    // RFC 9110 §10.1.1: an HTTP/1.0 request's 100-continue MUST be ignored.
    expectsContinue: http11 && expect !== undefined && expect !== "",
  };
}

const isBlank = (c: number) => c === SPACE || c === TAB;
const hasToken = (list: string, token: string) => list === token || list.split(",").some((t) => t.trim() === token);
