import { expect, test } from "bun:test";
import { judgeRecording, severity, statusFromCause } from "./recording-outcome.ts";

test("FreeSWITCH's uri-failure means the recording failed; a discarded empty or short file means empty", () => {
  expect(statusFromCause("uri-failure")).toBe("failed");
  expect(statusFromCause("empty-file")).toBe("empty");
  expect(statusFromCause("input-too-short")).toBe("empty");
  for (const cause of ["success-silence", "success-maxtime", "no-input-timeout", "success", undefined]) {
    expect(statusFromCause(cause)).toBeUndefined();
  }
});

test("what FreeSWITCH reported wins over the disk; otherwise no file is missing and a bare header is empty", () => {
  expect(judgeRecording("/r/a.wav", "failed", 96_000)).toBe("failed");
  expect(judgeRecording("/r/a.wav", undefined, undefined)).toBe("missing");
  expect(judgeRecording("/r/a.wav", undefined, 44)).toBe("empty");
  expect(judgeRecording("/r/a.WAV", undefined, 0)).toBe("empty");
  expect(judgeRecording("/r/a.wav", undefined, 45)).toBe("ok");
  expect(judgeRecording("/r/a.mp3", undefined, 1)).toBe("ok");
  expect(judgeRecording("/r/a.mp3", undefined, 0)).toBe("empty");
});

test("a failure outranks an empty file, which outranks a missing one, which outranks ok", () => {
  expect(severity("failed")).toBeGreaterThan(severity("empty"));
  expect(severity("empty")).toBeGreaterThan(severity("missing"));
  expect(severity("missing")).toBeGreaterThan(severity("ok"));
});
