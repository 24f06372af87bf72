/**
 * A bare event-socket client for the simulator's tests: sends raw bytes,
 * hands back whole frames with their exact bytes. Deliberately not the
 * production client, so the tests check the wire and nothing else; it frames
 * with the same parser (src/esl/frame-parser.ts).
 */
import { connect, type Socket } from "node:net";
import { decodeFreeswitchValue } from "../../src/esl/decode-event.ts";
import { createFrameParser, splitFrames as splitEslFrames, type EslFrame } from "../../src/esl/frame-parser.ts";

export type RawFrame = {
  /** The frame's exact bytes: header block, blank line, body. */
  raw: Buffer;
  headers: Map<string, string>;
  body: Buffer;
};

/** Pairs each frame with the bytes it took from the start of `bytes`; returns them and how many bytes they took. */
function withRaw(frames: EslFrame[], bytes: Buffer): { frames: RawFrame[]; used: number } {
  let used = 0;
  const raw = frames.map((frame) => {
    const exact = bytes.subarray(used, used + frame.size);
    used += frame.size;
    return { raw: exact, headers: new Map(Object.entries(frame.headers)), body: frame.body };
  });
  return { frames: raw, used };
}

/** Splits bytes holding whole frames. */
export function splitFrames(bytes: Buffer): RawFrame[] {
  return withRaw(splitEslFrames(bytes), bytes).frames;
}

/** The headers of a text/event-plain body in order, duplicates kept, values decoded as FreeSWITCH encoded them. */
export function plainEventHeaders(body: Buffer): [string, string][] {
  const end = body.indexOf("\n\n");
  const block = body.subarray(0, end < 0 ? body.length : end);
  const headers: [string, string][] = [];
  let start = 0;
  while (start < block.length) {
    const lf = block.indexOf(0x0a, start);
    const line = block.subarray(start, lf < 0 ? block.length : lf);
    start = lf < 0 ? block.length : lf + 1;
    const colon = line.indexOf(": ");
    headers.push([line.subarray(0, colon).toString("latin1"), decodeFreeswitchValue(line.subarray(colon + 2))]);
  }
  return headers;
}

export class RawEslClient {
  private readonly parser = createFrameParser();
  /** Bytes received and not yet handed out as part of a frame. */
  private unframed = Buffer.alloc(0);
  private readonly frames: RawFrame[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.unframed = Buffer.concat([this.unframed, chunk]);
      const { frames, used } = withRaw(this.parser.push(chunk), this.unframed);
      this.unframed = this.unframed.subarray(used);
      this.frames.push(...frames);
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(port: number): Promise<RawEslClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawEslClient(socket)));
      socket.once("error", reject);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** The next frame; rejects if the server closes first. */
  async next(): Promise<RawFrame> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame) return frame;
      if (this.closed) throw new Error("connection closed");
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Frames until one satisfies `done` (inclusive). */
  async until(done: (frame: RawFrame) => boolean): Promise<RawFrame[]> {
    const seen: RawFrame[] = [];
    for (;;) {
      const frame = await this.next();
      seen.push(frame);
      if (done(frame)) return seen;
    }
  }

  async command(text: string): Promise<RawFrame> {
    this.send(`${text}\n\n`);
    return this.next();
  }

  /** Resolves once the server has closed the connection. */
  async closedByServer(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  buffered(): number {
    return this.frames.length;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Connects and authenticates; returns the client with the greeting and auth reply consumed. */
export async function authedClient(port: number, password: string): Promise<RawEslClient> {
  const client = await RawEslClient.open(port);
  await client.next();
  const reply = await client.command(`auth ${password}`);
  if (reply.headers.get("Reply-Text") !== "+OK accepted") throw new Error("auth failed");
  return client;
}
