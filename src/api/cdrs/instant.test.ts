import { expect, test } from "bun:test";
import { parseInstant } from "./instant.ts";

test("ISO 8601 with and without time and offset", () => {
  expect(parseInstant("2026-11-22")?.toISOString()).toBe("2026-11-22T00:00:00.000Z");
  expect(parseInstant("2026-11-22T10:33:30Z")?.toISOString()).toBe("2026-11-22T10:33:30.000Z");
  expect(parseInstant("2026-11-22T15:33:30+05:00")?.toISOString()).toBe("2026-11-22T10:33:30.000Z");
  // `?from=2026-11-22T15:33:30+05:00` typed without %2B: the + became a space.
  expect(parseInstant("2026-11-22T15:33:30 05:00")?.toISOString()).toBe("2026-11-22T10:33:30.000Z");
});

test("Unix epochs in seconds, milliseconds and FreeSWITCH microseconds mean the same instant", () => {
  const expected = new Date(1795343610000).toISOString();
  expect(parseInstant("1795343610")?.toISOString()).toBe(expected);
  expect(parseInstant("1795343610000")?.toISOString()).toBe(expected);
  expect(parseInstant("1795343610000000")?.toISOString()).toBe(expected);
});

test("anything else is not a time", () => {
  for (const bad of ["", "yesterday", "2026-13-45", "12:00", "1e9", "2026-11-22; drop"]) {
    expect(parseInstant(bad)).toBeUndefined();
  }
});
