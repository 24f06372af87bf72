/**
 * The far end's audio, played by the test: a UDP socket on 127.0.0.1 named
 * in sipp's SDP (call-rtp.xml, provider-rtp.xml), that sends 20 ms PCMU
 * frames of silence as a phone does, keys digits as RFC 2833
 * telephone-events (payload 101) in the same stream, and keeps every packet
 * FreeSWITCH sends, so a test can tell what the caller heard.
 */
import { createSocket, type Socket } from "node:dgram";

export type RtpPacket = { payloadType: number; seq: number; timestamp: number; payload: Buffer; at: number };

export type RtpPeer = {
  port: number;
  /** Starts the stream to FreeSWITCH's media address (from its SDP answer). */
  start(remote: { host: string; port: number }): void;
  /** Keys `digits` (0-9 * #): each an event of 100 ms, then 150 ms of silence; resolves once sent. */
  key(digits: string): Promise<void>;
  received(): RtpPacket[];
  close(): void;
};

const PCMU_SILENCE = Buffer.alloc(160, 0xff);
const EVENT_CODES: Record<string, number> = { "*": 10, "#": 11 };

export async function startRtpPeer(): Promise<RtpPeer> {
  const socket: Socket = createSocket("udp4");
  const received: RtpPacket[] = [];
  socket.on("message", (msg) => {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    const cc = msg[0]! & 0x0f;
    received.push({ payloadType: msg[1]! & 0x7f, seq: msg.readUInt16BE(2), timestamp: msg.readUInt32BE(4), payload: msg.subarray(12 + cc * 4), at: Date.now() });
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const ssrc = (Math.random() * 0xffffffff) >>> 0;
  let seq = 1;
  let timestamp = 160;
  let remote: { host: string; port: number } | undefined;
  /** The telephone-event packets still to send, one per 20 ms tick in place of audio. */
  const queue: { payload: Buffer; marker: boolean; timestamp: number }[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;

  const send = (payloadType: number, payload: Buffer, marker: boolean, ts: number) => {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | payloadType;
    header.writeUInt16BE(seq++ & 0xffff, 2);
    header.writeUInt32BE(ts >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    socket.send(Buffer.concat([header, payload]), remote!.port, remote!.host);
  };
  const tick = () => {
    const event = queue.shift();
    if (event) send(101, event.payload, event.marker, event.timestamp);
    else send(0, PCMU_SILENCE, false, timestamp);
    timestamp += 160;
  };

  /** One digit as RFC 4733 says: 5 packets growing in duration, then the end bit three times. */
  const enqueue = (digit: string) => {
    const code = EVENT_CODES[digit] ?? Number(digit);
    if (!Number.isInteger(code) || code < 0 || code > 11) throw new Error(`not a key: ${digit}`);
    const start = timestamp + 160 * queue.length;
    const packet = (duration: number, end: boolean) => {
      const p = Buffer.alloc(4);
      p[0] = code;
      p[1] = (end ? 0x80 : 0) | 10;
      p.writeUInt16BE(duration, 2);
      return p;
    };
    for (let i = 1; i <= 5; i++) queue.push({ payload: packet(160 * i, false), marker: i === 1, timestamp: start });
    for (let i = 0; i < 3; i++) queue.push({ payload: packet(800, true), marker: false, timestamp: start });
  };

  return {
    port: (socket.address() as { port: number }).port,
    start: (to) => {
      remote = to;
      timer ??= setInterval(tick, 20);
    },
    key: async (digits) => {
      if (!remote) throw new Error("the stream has not started");
      for (const digit of digits) {
        enqueue(digit);
        while (queue.length > 0) await Bun.sleep(20);
        await Bun.sleep(150);
      }
    },
    received: () => received,
    close: () => {
      if (timer) clearInterval(timer);
      socket.close();
    },
  };
}

/** FreeSWITCH's media address from the last SDP it sent (a 200 OK in sipp's message trace). */
export function answeredMedia(trace: string): { host: string; port: number } | undefined {
  const blocks = trace.split(/\n(?=-{10,} )/).filter((b) => /UDP message received[^\n]*\n\s*SIP\/2\.0 200/.test(b) && /\nm=audio /.test(b));
  const sdp = blocks.at(-1);
  const host = sdp?.match(/\nc=IN IP4 (\S+)/)?.[1];
  const port = sdp?.match(/\nm=audio (\d+) /)?.[1];
  return host && port ? { host, port: Number(port) } : undefined;
}

/** G.711 μ-law to linear 16-bit. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((u & 0x0f) << 3) + 0x84;
  const sample = (magnitude << exponent) - 0x84;
  return u & 0x80 ? -sample : sample;
}

/** The audio FreeSWITCH sent as PCMU, decoded, in arrival order. */
export const receivedAudio = (packets: readonly RtpPacket[]): Int16Array =>
  Int16Array.from(packets.filter((p) => p.payloadType === 0).flatMap((p) => [...p.payload].map(ulawToLinear)));

/** The power of `hz` in `samples` (Goertzel), normalised by length: compares tones in one recording. */
export function tonePower(samples: Int16Array, hz: number, rate = 8000): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / Math.max(1, samples.length) ** 2;
}

/** A WAV as an admin would upload it (mono, 8 kHz, 16-bit PCM): `seconds` of a `hz` sine at `amplitude`. */
export function toneWav(hz: number, seconds: number, amplitude = 8000): { wav: Uint8Array; samples: Int16Array } {
  const rate = 8000;
  const samples = Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));
  const wav = Buffer.alloc(44 + samples.length * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + samples.length * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((s, i) => wav.writeInt16LE(s, 44 + i * 2));
  return { wav, samples };
}

/** Root mean square of the samples. */
export const rms = (samples: Int16Array): number => Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / Math.max(1, samples.length));
