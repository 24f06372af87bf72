/**
 * Whether an uploaded file is a WAV FreeSWITCH plays as it is: RIFF/WAVE,
 * 16-bit PCM, one channel, 8000 or 16000 Hz (the rates of the PCMU/PCMA and
 * G.722 calls it carries; anything else mod_sndfile resamples on every play,
 * or, for stereo, plays as noise on a mono call). Pure: bytes in, a verdict
 * naming what is wrong out.
 */

export const SOUND_SAMPLE_RATES = [8000, 16000] as const;

/** What FreeSWITCH plays, said in every refusal so the uploader knows what to convert to. */
export const PLAYABLE = "FreeSWITCH plays 8000 or 16000 Hz mono 16-bit PCM WAV (sox in.wav -r 8000 -c 1 -b 16 -e signed-integer out.wav)";

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The first two bytes of KSDATAFORMAT_SUBTYPE_PCM's GUID; the other 14 are the fixed base GUID. */
const PCM_SUBFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

export type WavInfo = { sampleRate: number; durationMs: number; dataBytes: number };
export type WavVerdict = { ok: true; info: WavInfo } | { ok: false; problem: string };

const ascii = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
const refuse = (problem: string): WavVerdict => ({ ok: false, problem: `${problem}; ${PLAYABLE}` });

type Fmt = { format: number; channels: number; sampleRate: number; bitsPerSample: number; blockAlign: number };

function readFmt(view: DataView, at: number, size: number): Fmt | string {
  if (size < 16) return "the fmt chunk is shorter than 16 bytes";
  let format = view.getUint16(at, true);
  const fmt = {
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bitsPerSample: view.getUint16(at + 14, true),
  };
  if (format === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) return "the extensible fmt chunk is shorter than 40 bytes";
    format = view.getUint16(at + 24, true);
    const tail = PCM_SUBFORMAT_TAIL.every((b, i) => view.getUint8(at + 26 + i) === b);
    if (!tail) format = -1;
  }
  return { format, ...fmt };
}

function checkFmt(fmt: Fmt): string | undefined {
  if (fmt.format !== WAVE_FORMAT_PCM) return `audio format ${fmt.format === -1 ? "extensible, not PCM" : `0x${fmt.format.toString(16).padStart(4, "0")}`} is not PCM (0x0001)`;
  if (fmt.channels !== 1) return `${fmt.channels} channels, not mono`;
  if (!(SOUND_SAMPLE_RATES as readonly number[]).includes(fmt.sampleRate)) return `sample rate ${fmt.sampleRate} Hz`;
  if (fmt.bitsPerSample !== 16) return `${fmt.bitsPerSample}-bit samples, not 16-bit`;
  if (fmt.blockAlign !== 2) return `block align ${fmt.blockAlign}, not 2 (16-bit mono)`;
  return undefined;
}

/**
 * Walks the RIFF chunks: `fmt ` must come before `data` (as every writer puts
 * it), `data` must hold whole samples and be all there. Chunks such as LIST
 * or fact are skipped.
 */
export function checkWav(bytes: Uint8Array, maxBytes: number): WavVerdict {
  if (bytes.byteLength > maxBytes) return refuse(`the file is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`);
  if (bytes.byteLength < 12) return refuse("the file is too short to be a WAV");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(view, 0) !== "RIFF") return refuse(ascii(view, 0) === "RIFX" ? "a big-endian RIFX file" : "not a RIFF file (no RIFF header)");
  if (ascii(view, 8) !== "WAVE") return refuse("a RIFF file that is not WAVE");

  let fmt: Fmt | undefined;
  for (let at = 12; at + 8 <= bytes.byteLength; ) {
    const id = ascii(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (body + size > bytes.byteLength) return refuse("the fmt chunk is cut short");
      const read = readFmt(view, body, size);
      if (typeof read === "string") return refuse(read);
      const wrong = checkFmt(read);
      if (wrong) return refuse(wrong);
      fmt = read;
    } else if (id === "data") {
      if (!fmt) return refuse("the data chunk comes before the fmt chunk");
      if (body + size > bytes.byteLength) return refuse(`the data chunk says ${size} bytes but only ${bytes.byteLength - body} follow (a cut-off upload?)`);
      if (size === 0) return refuse("the data chunk holds no audio");
      if (size % 2 !== 0) return refuse("the data chunk holds an odd number of bytes, not whole 16-bit samples");
      return { ok: true, info: { sampleRate: fmt.sampleRate, dataBytes: size, durationMs: Math.round((size / 2 / fmt.sampleRate) * 1000) } };
    }
    // Chunks are padded to an even length.
    at = body + size + (size % 2);
  }
  return refuse(fmt ? "no data chunk" : "no fmt chunk");
}
