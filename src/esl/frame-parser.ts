/**
 * ESL framing: a header block ending in a blank line, then `Content-Length`
 * bytes of body when that header is present.
 *
 * Why not esl-lite's FreeSwitchParser: it looks for the `\n\n` that ends a
 * header block inside each incoming chunk only, so a TCP read that ends
 * between the two line feeds loses a frame, and bytes fed one at a time never
 * yield a frame at all (measured on the captured cyrillic session: 123 frames
 * fed whole, 122 when split between the line feeds, 0 fed byte by byte).
 * This parser remembers whether the last byte it saw was a line feed, so
 * every split point works.
 */

export type EslFrame = {
  /** Outer headers (`Content-Type`, `Content-Length`, `Reply-Text`, …), raw text. */
  headers: Readonly<Record<string, string>>;
  /** Exactly `Content-Length` bytes; empty when the frame had no length. */
  body: Buffer;
};

export type FrameParser = {
  /** Feed bytes as they arrive; returns every frame they complete, in order. */
  push(chunk: Uint8Array): EslFrame[];
  /** Bytes held for a frame not yet complete (non-zero when a connection ends mid-frame). */
  pendingBytes(): number;
};

const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

export function createFrameParser(): FrameParser {
  let parts: Buffer[] = [];
  let size = 0;
  let lastByteWasLf = false;
  let bodyFor: { headers: Record<string, string>; length: number } | undefined;

  function reset(): void {
    parts = [];
    size = 0;
    lastByteWasLf = false;
  }

  function push(chunk: Uint8Array): EslFrame[] {
    const frames: EslFrame[] = [];
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length > 0) {
      if (bodyFor) {
        const take = Math.min(bodyFor.length - size, data.length);
        parts.push(data.subarray(0, take));
        size += take;
        data = data.subarray(take);
        if (size === bodyFor.length) {
          frames.push({ headers: bodyFor.headers, body: Buffer.concat(parts, size) });
          bodyFor = undefined;
          reset();
        }
        continue;
      }
      const end = headerEnd(data, lastByteWasLf);
      if (end < 0) {
        parts.push(data);
        size += data.length;
        lastByteWasLf = data[data.length - 1] === LF;
        data = EMPTY;
        continue;
      }
      const block = Buffer.concat([...parts, data.subarray(0, end)]);
      data = data.subarray(end + 1);
      reset();
      const headers = parseHeaderBlock(block);
      if (Object.keys(headers).length === 0) continue;
      const length = contentLength(headers);
      if (length > 0) bodyFor = { headers, length };
      else frames.push({ headers, body: EMPTY });
    }
    return frames;
  }

  return { push, pendingBytes: () => size };
}

/** Index in `data` of the second line feed of the blank line, or -1. */
function headerEnd(data: Buffer, previousWasLf: boolean): number {
  if (previousWasLf && data[0] === LF) return 0;
  const at = data.indexOf("\n\n");
  return at < 0 ? -1 : at + 1;
}

/** `Name: value` lines; a value keeps any further `: ` it holds. */
export function parseHeaderBlock(block: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString("utf8").split("\n")) {
    const colon = line.indexOf(": ");
    if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 2);
  }
  return headers;
}

function contentLength(headers: Record<string, string>): number {
  const raw = headers["Content-Length"];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
}

/** Splits a whole captured byte stream into frames; used by tests and the bench. */
export function splitFrames(bytes: Uint8Array): EslFrame[] {
  return createFrameParser().push(bytes);
}
