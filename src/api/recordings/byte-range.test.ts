import { expect, test } from "bun:test";
import { decideRange } from "./byte-range.ts";

const SIZE = 1000;

test("no Range header or another unit: the whole file", () => {
  expect(decideRange(undefined, SIZE)).toEqual({ kind: "full" });
  expect(decideRange("items=0-5", SIZE)).toEqual({ kind: "full" });
});

test("first bytes, open-ended and suffix ranges", () => {
  expect(decideRange("bytes=0-99", SIZE)).toEqual({ kind: "partial", start: 0, end: 99 });
  expect(decideRange("bytes=900-", SIZE)).toEqual({ kind: "partial", start: 900, end: 999 });
  expect(decideRange("bytes=-100", SIZE)).toEqual({ kind: "partial", start: 900, end: 999 });
});

test("a range running past the end is cut at the last byte", () => {
  expect(decideRange("bytes=990-5000", SIZE)).toEqual({ kind: "partial", start: 990, end: 999 });
  expect(decideRange("bytes=-5000", SIZE)).toEqual({ kind: "partial", start: 0, end: 999 });
});

test("ranges that select nothing or do not parse are unsatisfiable", () => {
  for (const h of ["bytes=1000-", "bytes=5-2", "bytes=-0", "bytes=abc", "bytes=-", "bytes=", "bytes=1-2,x"]) {
    expect(decideRange(h, SIZE)).toEqual({ kind: "unsatisfiable" });
  }
  expect(decideRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
});

test("several ranges get the whole file", () => {
  expect(decideRange("bytes=0-1,5-6", SIZE)).toEqual({ kind: "full" });
});
