/** WAV files built byte by byte for tests: a valid one by default, any header field overridable. */
export type WavShape = {
  format?: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Sample frames of audio (a 440 Hz tone). */
  frames?: number;
  /** Chunks put between fmt and data, as some editors write them. */
  extraChunks?: { id: string; body: Uint8Array }[];
  /** The data chunk's declared size when it should lie. */
  declaredDataBytes?: number;
};

export function wavBytes(shape: WavShape = {}): Uint8Array<ArrayBuffer> {
  const { format = 1, channels = 1, sampleRate = 8000, bitsPerSample = 16, frames = 800, extraChunks = [] } = shape;
  const blockAlign = (channels * bitsPerSample) / 8;
  const dataBytes = frames * blockAlign;
  const extra = extraChunks.reduce((n, c) => n + 8 + c.body.byteLength + (c.body.byteLength % 2), 0);
  const out = new Uint8Array(12 + 24 + extra + 8 + dataBytes);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, out.byteLength - 8, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitsPerSample, true);
  let at = 36;
  for (const c of extraChunks) {
    text(at, c.id);
    view.setUint32(at + 4, c.body.byteLength, true);
    out.set(c.body, at + 8);
    at += 8 + c.body.byteLength + (c.body.byteLength % 2);
  }
  text(at, "data");
  view.setUint32(at + 4, shape.declaredDataBytes ?? dataBytes, true);
  if (bitsPerSample === 16) {
    for (let i = 0; i < frames * channels; i++) view.setInt16(at + 8 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * Math.floor(i / channels)) / sampleRate)), true);
  }
  return out;
}
