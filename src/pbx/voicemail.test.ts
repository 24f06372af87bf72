import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { pinWeakness, voicemailCode, voicemailPinHash } from "./voicemail.ts";

describe("a box's PIN", () => {
  test("is kept as mod_voicemail's vm-a1-hash: md5(box:domain:PIN)", () => {
    expect(voicemailPinHash("1001", "pbx.test", "480215")).toBe(createHash("md5").update("1001:pbx.test:480215").digest("hex"));
  });

  test("is refused when a passer-by would guess it or a keypad cannot type it", () => {
    expect(pinWeakness("1001", "48a215")).toMatch(/digits only/);
    expect(pinWeakness("1001", "482")).toMatch(/4 to 12 digits/);
    expect(pinWeakness("1001", "4802154802154")).toMatch(/4 to 12 digits/);
    expect(pinWeakness("1001", "1001")).toMatch(/extension number/);
    expect(pinWeakness("1001", "0000")).toMatch(/repeated/);
    expect(pinWeakness("1001", "1234")).toMatch(/consecutive/);
    expect(pinWeakness("1001", "98765")).toMatch(/consecutive/);
    expect(pinWeakness("1001", "480215")).toBeUndefined();
  });
});

test("*97 is the caller's own box, *98 any box (FusionPBX's codes); nothing else is a voicemail code", () => {
  expect(voicemailCode("*97")).toBe("ownBox");
  expect(voicemailCode("*98")).toBe("anyBox");
  expect(voicemailCode("97")).toBeUndefined();
  expect(voicemailCode("*970")).toBeUndefined();
});
