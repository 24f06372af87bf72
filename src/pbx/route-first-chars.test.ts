import { describe, expect, test } from "bun:test";
import { checkRoutePattern } from "./route-pattern.ts";
import { routeFirstChars } from "./route-first-chars.ts";

const chars = (pattern: string) => {
  const set = routeFirstChars(pattern);
  return set && [...set].sort().join("");
};

describe("the characters a route's numbers start with", () => {
  test.each([
    ["^\\+?(998\\d{9})$", "+9"],
    ["^(7000\\d{6})$", "7"],
    ["^(?:\\+?998)?(9[0-9]\\d{7})$", "+9"],
    ["^(998|999)\\d{9}$", "9"],
    ["^[2-9]\\d{6}$", "23456789"],
    ["^(8|998)?(\\d{9})$", "0123456789"],
    ["^\\+?(?:00)?(\\d{7,15})$", "+0123456789"],
    ["^(\\+)?\\d+$", "+0123456789"],
    ["^8?1?2$", "128"],
    ["^(\\d{3}){2}$", "0123456789"],
  ])("%s starts with one of %s", (pattern, expected) => {
    expect(chars(pattern)).toBe(expected);
  });

  test("a pattern outside the grammar gets no filter, so its regex is always tried", () => {
    for (const p of ["998\\d+", "^.*$", "^\\w+$", "^(?=1)\\d$", "^[^5]\\d$", "^(998$", "^5{x}$"]) expect(routeFirstChars(p)).toBeUndefined();
  });
});

/** Every pattern the API accepts, against numbers of every shape: a number a route matches is never filtered out. */
test("the filter never hides a number the pattern matches", () => {
  const patterns = [
    "^\\+?(998\\d{9})$", "^(?:\\+?998)?(9[0-9]\\d{7})$", "^(998|999)\\d{9}$", "^[2-9]\\d{6}$", "^\\+?\\d{10,15}$",
    "^8\\d*$", "^(\\d{3}){2}$", "^(\\+)?\\d+$", "^(8|998)?(\\d{9})$", "^\\+?(?:00)?(\\d{7,15})$", "^1?2?3?4$",
    "^(?:7|8{0})5$", "^[0-35-9]{2,4}$", "^(1|23|456)?7+$", "^\\+(?:1|44)\\d{3,}?$",
  ];
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  // Prefixes the patterns look for, so every pattern matches some of the numbers.
  const prefixes = ["", "998", "999", "8", "00", "7", "75", "44", "1", "12", "123", "23", "4567", "5"];
  const numbers = Array.from({ length: 40_000 }, () => {
    const length = Math.floor(random() * 14);
    const digits = prefixes[Math.floor(random() * prefixes.length)] + Array.from({ length }, () => "0123456789"[Math.floor(random() * 10)]).join("");
    return random() < 0.3 ? `+${digits}` : digits;
  });
  for (const p of patterns) {
    const checked = checkRoutePattern(p);
    if (!checked.ok) throw new Error(`${p}: ${checked.reason}`);
    const first = routeFirstChars(p);
    expect(first).toBeDefined();
    const matched = numbers.filter((n) => n !== "" && n !== "+" && checked.regex.test(n));
    expect(matched.length).toBeGreaterThan(0);
    for (const n of matched) expect(first!.has(n[0]!)).toBe(true);
  }
});
