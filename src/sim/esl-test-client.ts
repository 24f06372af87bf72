/**
 * A bare event-socket client for the simulator's tests: sends raw bytes,
 * hands back whole frames with their exact bytes. Deliberately not the
 * production adapter, so the tests check the wire and nothing else.
 */
import { connect, type Socket } from "node:net";

export type RawFrame = {
  /** The frame's exact bytes: header block, blank line, body. */
  raw: Buffer;
  headers: Map<string, string>;
  body: Buffer;
};

/** Splits bytes into frames; returns the frames and how many bytes they used. */
export function splitFrames(bytes: Buffer): { frames: RawFrame[]; used: number } {
  const frames: RawFrame[] = [];
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf("\n\n", offset);
    if (end < 0) break;
    const headers = new Map<string, string>();
    for (const line of bytes.subarray(offset, end).toString("utf8").split("\n")) {
      const colon = line.indexOf(": ");
      if (colon > 0) headers.set(line.slice(0, colon), line.slice(colon + 2));
    }
    const length = Number(headers.get("Content-Length") ?? 0);
    if (bytes.length < end + 2 + length) break;
    frames.push({ raw: bytes.subarray(offset, end + 2 + length), headers, body: bytes.subarray(end + 2, end + 2 + length) });
    offset = end + 2 + length;
  }
  return { frames, used: offset };
}

/** The headers of a text/event-plain body, URL-decoded. */
export function plainEventHeaders(body: Buffer): [string, string][] {
  const text = body.toString("utf8");
  const end = text.indexOf("\n\n");
  return text
    .slice(0, end < 0 ? text.length : end)
    .split("\n")
    .map((line) => {
      const colon = line.indexOf(": ");
      return [line.slice(0, colon), decodeURIComponent(line.slice(colon + 2))] as [string, string];
    });
}

export class RawEslClient {
  private pending = Buffer.alloc(0);
  private readonly frames: RawFrame[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      const { frames, used } = splitFrames(this.pending);
      this.pending = this.pending.subarray(used);
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
