import { describe, expect, test } from "bun:test";
import { a1Hash, gatewayPasswordProblem, generatePassword, passwordWeakness } from "./passwords.ts";

describe("a1-hash", () => {
  test("is md5 of number:realm:password, the value FreeSWITCH compares digests against", () => {
    // md5("1001:call.example.uz:Secret-pass-1"), computed independently with `printf … | md5sum`.
    expect(a1Hash("1001", "call.example.uz", "Secret-pass-1")).toBe("5b392c75f66725fb9701d777b84c47ba");
  });

  test("changes when the realm changes, so a domain change is visible", () => {
    expect(a1Hash("1001", "a.example", "Secret-pass-1")).not.toBe(a1Hash("1001", "b.example", "Secret-pass-1"));
  });
});

describe("weak extension passwords are refused", () => {
  test.each([
    ["short", "Ab3def", "at least 10"],
    ["equal to the number", "1234567890", "extension number"],
    ["digits only", "98765432109", "digits only"],
    ["with a newline", "Abcdefgh12\n", "control characters"],
  ])("%s", (_label, password, reason) => {
    const number = password === "1234567890" ? "1234567890" : "1001";
    expect(passwordWeakness(number, password)).toContain(reason);
  });

  test("a long mixed password is accepted", () => {
    expect(passwordWeakness("1001", "correct-horse-7")).toBeUndefined();
  });
});

test("generated passwords are strong, unambiguous and different every time", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generatePassword();
    expect(passwordWeakness("1001", p)).toBeUndefined();
    expect(p).not.toMatch(/[0O1lI]/);
    seen.add(p);
  }
  expect(seen.size).toBe(200);
});

describe("gateway passwords", () => {
  test("refuse FreeSWITCH syntax that sofia.conf would expand", () => {
    expect(gatewayPasswordProblem("$${exec(rm -rf /)}")).toBeDefined();
    expect(gatewayPasswordProblem("pa<ss")).toBeDefined();
    expect(gatewayPasswordProblem("pass\nword")).toBeDefined();
    expect(gatewayPasswordProblem("")).toBeDefined();
  });

  test("accept what providers usually hand out", () => {
    expect(gatewayPasswordProblem("belluzpass")).toBeUndefined();
    expect(gatewayPasswordProblem("Xk7#pQ!r@9&*")).toBeUndefined();
  });
});
