import { describe, expect, test } from "bun:test";
import { checkRoutePattern } from "./route-pattern.ts";

const reason = (pattern: string) => {
  const r = checkRoutePattern(pattern);
  return r.ok ? undefined : r.reason;
};

describe("route patterns an admin would write are accepted", () => {
  test.each([
    ["^\\+?(998\\d{9})$", "+998901234567", "998901234567"],
    ["^(?:\\+?998)?(9[0-9]\\d{7})$", "901234567", "+998901234567"],
    ["^(998|999)\\d{9}$", "999901234567", "998901234567"],
    ["^[2-9]\\d{6}$", "2345678", "9999999"],
    ["^\\+?\\d{10,15}$", "+4930123456", "4930123456789"],
    ["^8\\d*$", "8", "810998"],
    ["^(\\d{3}){2}$", "123456", "000000"],
    ["^(\\+)?\\d+$", "+1", "12"],
    ["^(8|998)?(\\d{9})$", "8901234567", "998901234567"],
    ["^\\+?(?:00)?(\\d{7,15})$", "004930123456", "+4930123456"],
  ])("%s", (pattern, a, b) => {
    const r = checkRoutePattern(pattern);
    if (!r.ok) throw new Error(r.reason);
    expect(r.regex.test(a)).toBe(true);
    expect(r.regex.test(b)).toBe(true);
  });
});

describe("patterns that could match more than digits with a leading + are refused", () => {
  test.each([
    ["^.*$", "only digits"],
    ["^\\w+$", "only \\d and \\+"],
    ["^[^5]\\d+$", "negated"],
    ["^[0-9a-z]+$", "classes may hold only"],
    ["^\\d+\\+\\d$", "first character"],
    ["^(\\+)+\\d+$", "first character"],
    ["^(?:1|\\+)\\d$", "first character"],
    ["^\\d+(?=1)\\d$", "(?:…)"],
    ["^(\\d)\\1$", "only \\d and \\+"],
    ["^${x}\\d$", "only at the very end"],
    ["^\\d+ $", "only digits"],
  ])("%s", (pattern, why) => {
    expect(reason(pattern)).toContain(why);
  });
});

describe("unanchored patterns are refused", () => {
  test.each(["998\\d{9}", "^998\\d{9}", "998\\d{9}$", "^998\\d{9}\\$", "^1|2$"])("%s", (pattern) => {
    expect(reason(pattern)).toBeDefined();
  });
});

describe("empty and catastrophic patterns are refused", () => {
  test.each([
    ["^$", "anchored"],
    ["^\\d*$", "empty number"],
    ["^\\+?$", "empty number"],
    ["^()$", "empty group"],
    ["^[]$", "empty class"],
    ["^(\\d+)+$", "exponential"],
    ["^(\\d*)*5$", "exponential"],
    ["^(1|12)+$", "exponential"],
    ["^(\\d?){20}$", "exponential"],
    ["^\\d{1,500}$", "at most 20"],
    ["^\\d{5,2}$", "min above max"],
    ["^(\\d{3}$", "unclosed ("],
    ["^\\d{3})$", "unmatched )"],
    ["^*1$", "nothing to repeat"],
  ])("%s", (pattern, why) => {
    expect(reason(pattern)).toContain(why);
  });

  test("patterns whose parts can split a number in too many ways are refused, so no route can freeze the dialplan", () => {
    // Each passes every other rule; matched against twenty 1s, 16 of these \d* took 12.7 s in JavaScriptCore.
    expect(reason(`^${"\\d*".repeat(16)}5$`)).toContain("too many optional parts");
    expect(reason(`^${"[0-9]{0,20}".repeat(4)}5$`)).toContain("too many optional parts");
    expect(reason(`^${"(1|1)".repeat(20)}5$`)).toContain("too many optional parts");
    expect(reason("^\\d*\\d*5$")).toBeUndefined();
  });

  test("a pattern longer than 200 characters is refused", () => {
    expect(reason(`^${"1".repeat(200)}$`)).toContain("at most 200");
  });
});
