import { expect, test } from "bun:test";
import { addressRules } from "./source-guard.ts";

test("IPv4 rules cover dual-stack peers, IPv6 networks work, and nonsense entries allow nothing", () => {
  const rules = addressRules(["127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8", "bogus", "1.2.3.4/33"]);
  expect(rules.invalid).toEqual(["bogus", "1.2.3.4/33"]);
  for (const ok of ["127.0.0.1", "::ffff:127.0.0.1", "::1", "10.200.1.1", "::ffff:10.200.1.1", "fd12::9"]) {
    expect(rules.allows(ok)).toBe(true);
  }
  for (const no of ["127.0.0.2", "11.0.0.1", "fe80::1", "", "unknown", "bogus"]) expect(rules.allows(no)).toBe(false);
});

test("an empty allow list allows nobody", () => {
  expect(addressRules([]).allows("127.0.0.1")).toBe(false);
});
