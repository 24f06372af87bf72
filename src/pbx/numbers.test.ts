import { expect, test } from "bun:test";
import { normalizeDid } from "./numbers.ts";

test("the three forms a provider sends are one DID", () => {
  expect(normalizeDid("+998785553322")).toBe("998785553322");
  expect(normalizeDid("998785553322")).toBe("998785553322");
  expect(normalizeDid("785553322")).toBe("998785553322");
});

test("anything that is not a number is no DID", () => {
  for (const bad of ["", "+", "99878555x322", "998 785", "${x}", "+".repeat(2) + "1"]) {
    expect(normalizeDid(bad)).toBeUndefined();
  }
});
