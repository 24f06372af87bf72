import { describe, expect, test } from "bun:test";
import { wavBytes } from "../../test/support/wav-bytes.ts";
import { checkWav } from "./wav-format.ts";

const MAX = 1024 * 1024;
const problem = (bytes: Uint8Array, max = MAX) => {
  const v = checkWav(bytes, max);
  return v.ok ? undefined : v.problem;
};

describe("an uploaded WAV FreeSWITCH can play", () => {
  test("8000 and 16000 Hz mono 16-bit PCM pass, with their length", () => {
    expect(checkWav(wavBytes({ sampleRate: 8000, frames: 16000 }), MAX)).toEqual({ ok: true, info: { sampleRate: 8000, dataBytes: 32000, durationMs: 2000 } });
    expect(checkWav(wavBytes({ sampleRate: 16000, frames: 8000 }), MAX)).toEqual({ ok: true, info: { sampleRate: 16000, dataBytes: 16000, durationMs: 500 } });
  });

  test("chunks between fmt and data (LIST, fact) are skipped, odd-sized ones with their pad byte", () => {
    const v = checkWav(wavBytes({ extraChunks: [{ id: "LIST", body: new Uint8Array(5) }, { id: "fact", body: new Uint8Array(4) }] }), MAX);
    expect(v.ok).toBe(true);
  });

  test("a 44100 Hz file is refused naming its rate and what FreeSWITCH plays", () => {
    expect(problem(wavBytes({ sampleRate: 44100 }))).toStartWith("sample rate 44100 Hz; FreeSWITCH plays 8000 or 16000 Hz mono 16-bit PCM");
  });

  test("stereo, 8-bit, 24-bit and non-PCM (A-law, float) files are refused, each naming what is wrong", () => {
    expect(problem(wavBytes({ channels: 2 }))).toStartWith("2 channels, not mono;");
    expect(problem(wavBytes({ bitsPerSample: 8 }))).toStartWith("8-bit samples, not 16-bit;");
    expect(problem(wavBytes({ bitsPerSample: 24 }))).toStartWith("24-bit samples, not 16-bit;");
    expect(problem(wavBytes({ format: 6 }))).toStartWith("audio format 0x0006 is not PCM (0x0001);");
    expect(problem(wavBytes({ format: 3, bitsPerSample: 32 }))).toStartWith("audio format 0x0003 is not PCM");
  });

  test("what is not a WAV at all says so", () => {
    expect(problem(new TextEncoder().encode("ID3\x03 an mp3 perhaps"))).toStartWith("not a RIFF file");
    expect(problem(new Uint8Array([1, 2, 3]))).toStartWith("the file is too short");
    const avi = wavBytes();
    avi.set(new TextEncoder().encode("AVI "), 8);
    expect(problem(avi)).toStartWith("a RIFF file that is not WAVE");
  });

  test("a cut-off upload (data shorter than declared) and an empty data chunk are refused", () => {
    const whole = wavBytes({ frames: 1000 });
    expect(problem(whole.slice(0, whole.byteLength - 10))).toContain("cut-off upload");
    expect(problem(wavBytes({ frames: 0 }))).toStartWith("the data chunk holds no audio");
    expect(problem(whole.slice(0, 36))).toStartWith("no data chunk");
  });

  test("a file over the size limit is refused before it is read", () => {
    expect(problem(wavBytes({ frames: 1000 }), 1000)).toStartWith("the file is 2044 bytes, over the limit of 1000");
  });
});
