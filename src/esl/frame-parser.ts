/**
 * ESL framing, the one parser for both directions: a block of header lines
 * ending in a blank line, then `Content-Length` bytes of body when that
 * header is present. FreeSWITCH's frames and a client's commands share it;
 * the rules are mod_event_socket's read_packet: CR/LF before a block are
 * skipped, a line of only CRs is blank, a header is `Name:` then the value
 * after any spaces.
 *
 * Pure: bytes in, frames out, every split point alike. The blank line is
 * found across chunk boundaries without joining chunks again (a read may end
 * between the two line feeds, or bring one byte), a body that arrives inside
 * one chunk is a view of that chunk, not a copy, and the headers are split
 * into a record only when someone reads them: a busy switch sends thousands
 * of events a second, and the client needs only their Content-Type.
 */

export class EslFrame {
  #headers: Record<string, string> | undefined;

  constructor(
    /** The header block as sent, up to the blank line (see headerLines). */
    readonly head: string,
    /** Exactly `Content-Length` bytes; empty when the frame had no length. */
    readonly body: Buffer,
    /** Bytes of the stream the frame took: skipped newlines, headers, blank line, body. */
    readonly size: number,
  ) {}

  /** `Content-Type`, `Content-Length`, `Reply-Text`, … as sent; a name given twice keeps its first value. */
  get headers(): Readonly<Record<string, string>> {
    if (!this.#headers) {
      this.#headers = {};
      for (const line of headerLines(this.head)) {
        const header = headerLine(line);
        if (header && !Object.hasOwn(this.#headers, header[0])) this.#headers[header[0]] = header[1];
      }
    }
    return this.#headers;
  }

  /** The `Content-Type` header, found without splitting the rest: what a reader dispatches on. */
  get contentType(): string | undefined {
    if (this.#headers) return this.#headers["Content-Type"];
    const head = this.head;
    for (let start = 0; start < head.length; ) {
      const lf = head.indexOf("\n", start);
      const end = lf < 0 ? head.length : lf;
      if (head.startsWith("Content-Type:", start)) {
        let value = start + 13;
        while (head.charCodeAt(value) === 0x20) value++;
        const cr = head.indexOf("\r", value);
        return head.slice(value, cr >= 0 && cr < end ? cr : end);
      }
      start = end + 1;
    }
    return undefined;
  }
}

export type FrameParser = {
  /** Feed bytes as they arrive; returns every frame they complete, in order. */
  push(chunk: Uint8Array): EslFrame[];
  /** Bytes held for a frame not yet complete (non-zero when a connection ends mid-frame). */
  pendingBytes(): number;
  /** A header block or body went past the limit; the parser takes nothing more. */
  oversize(): boolean;
};

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);
/** Far above any real frame (a `show channels` of thousands of calls is a few MB); it only stops a runaway peer. */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024 * 1024;

export function createFrameParser(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameParser {
  let head: Buffer[] = [];
  let headSize = 0;
  let skipped = 0;
  /** The head so far ends in a line feed and nothing but CRs: its blank line may finish in the next chunk. */
  let blankOpen = false;
  let body: { head: string; length: number; parts: Buffer[]; size: number; took: number } | undefined;
  let over = false;

  function push(chunk: Uint8Array): EslFrame[] {
    const frames: EslFrame[] = [];
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (at < data.length && !over) {
      if (body) {
        const take = Math.min(body.length - body.size, data.length - at);
        body.parts.push(data.subarray(at, at + take));
        body.size += take;
        at += take;
        if (body.size === body.length) {
          const bytes = body.parts.length === 1 ? body.parts[0]! : Buffer.concat(body.parts, body.size);
          frames.push(new EslFrame(body.head, bytes, body.took + body.size));
          body = undefined;
        }
        continue;
      }
      if (headSize === 0) {
        while (at < data.length && (data[at] === LF || data[at] === CR)) (at++, skipped++);
        if (at === data.length) break;
      }
      const end = headEnd(data, at);
      if (end < 0) {
        head.push(data.subarray(at));
        headSize += data.length - at;
        over = headSize > maxFrameBytes;
        break;
      }
      const text = head.length === 0 ? data.toString("utf8", at, end) : Buffer.concat([...head, data.subarray(at, end)]).toString("utf8");
      const lineEnd = data.indexOf(LF, end);
      const took = skipped + headSize + (lineEnd + 1 - at);
      at = lineEnd + 1;
      head = [];
      headSize = 0;
      skipped = 0;
      const length = contentLength(text);
      if (length > maxFrameBytes) over = true;
      else if (length === 0) frames.push(new EslFrame(text, EMPTY, took));
      else if (data.length - at >= length) {
        frames.push(new EslFrame(text, data.subarray(at, at + length), took + length));
        at += length;
      } else body = { head: text, length, parts: [], size: 0, took };
    }
    return frames;
  }

  /**
   * Where in `data` the blank line that ends the head starts (its CRs
   * included), or -1. Hops from line feed to line feed, so the cost is
   * per line, not per byte.
   */
  function headEnd(data: Buffer, from: number): number {
    let at = from;
    if (blankOpen) {
      while (at < data.length && data[at] === CR) at++;
      if (at < data.length) {
        blankOpen = false;
        if (data[at] === LF) return from;
      }
    }
    for (;;) {
      const lf = data.indexOf(LF, at);
      if (lf < 0) return -1;
      let next = lf + 1;
      while (next < data.length && data[next] === CR) next++;
      if (next === data.length) {
        blankOpen = true;
        return -1;
      }
      if (data[next] === LF) return lf + 1;
      at = next;
    }
  }

  const held = () => headSize + (body ? body.took + body.size : 0);
  return { push, pendingBytes: held, oversize: () => over };
}

/** The lines of a header block, each cut at its first CR as read_packet does; empty ones dropped. */
export function headerLines(head: string): string[] {
  const lines: string[] = [];
  for (let start = 0; start < head.length; ) {
    const lf = head.indexOf("\n", start);
    const end = lf < 0 ? head.length : lf;
    const cr = head.indexOf("\r", start);
    const cut = cr >= 0 && cr < end ? cr : end;
    if (cut > start) lines.push(head.slice(start, cut));
    start = end + 1;
  }
  return lines;
}

/** `Name` and the value after `:` and any spaces; undefined for a line with no colon (a command's own line). */
export function headerLine(line: string): [name: string, value: string] | undefined {
  const colon = line.indexOf(":");
  if (colon <= 0) return undefined;
  let start = colon + 1;
  while (line.charCodeAt(start) === 0x20) start++;
  return [line.slice(0, colon), line.slice(start)];
}

const CONTENT_LENGTH = /^content-length: *(\d+)(?:\r|$)/im;

/** The first Content-Length, any case (read_packet compares case-insensitively); FreeSWITCH's replies have none, and are not searched. */
function contentLength(head: string): number {
  if (head.indexOf("ength:") < 0 && head.indexOf("ENGTH:") < 0) return 0;
  const match = CONTENT_LENGTH.exec(head);
  return match ? Number(match[1]) : 0;
}

/** Splits a whole captured byte stream into frames; used by tests and the bench. */
export function splitFrames(bytes: Uint8Array): EslFrame[] {
  return createFrameParser().push(bytes);
}
