import { describe, expect, test } from "bun:test";
import { helpRows, KEYMAP, resolveKey, splitKeys, type KeyContext, type KeyPress } from "./keymap.ts";

const CONTEXTS: KeyContext[] = ["table", "details", "help", "confirm", "input"];
const SAMPLE_KEYS: Array<[string, KeyPress]> = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:?!".split("").map((c): [string, KeyPress] => [c, {}]),
  ["d", { ctrl: true }],
  ["c", { ctrl: true }],
  ["u", { ctrl: true }],
  ["", { escape: true }],
  ["\r", { return: true }],
  ["", { upArrow: true }],
  ["", { downArrow: true }],
  ["", { delete: true }],
];

describe("keymap", () => {
  test("in every context a key means at most one thing", () => {
    for (const ctx of CONTEXTS) {
      for (const [input, key] of SAMPLE_KEYS) {
        const claims = KEYMAP.filter((b) => b.contexts.includes(ctx) && b.match(input, key));
        expect({ ctx, input, key, claims: claims.length }).toEqual({ ctx, input, key, claims: Math.min(claims.length, 1) });
      }
    }
  });

  test("the mutating keys are exactly hang up, record, transfer, listen and agent status", () => {
    expect(KEYMAP.filter((b) => b.mutating).map((b) => b.keys)).toEqual(["ctrl-d", "r", "t", "l", "s"]);
  });

  test("help lists every table key from the same table", () => {
    const shown = helpRows("channels").map(([k]) => k);
    for (const b of KEYMAP.filter((b) => b.contexts.includes("table"))) expect(shown).toContain(b.keys);
  });

  test("q quits from the table but is typed into a prompt", () => {
    expect(resolveKey("table", "q", {})?.action).toEqual({ type: "quit" });
    expect(resolveKey("input", "q", {})?.action).toEqual({ type: "type", text: "q" });
  });

  test("keys that arrive in one read are taken one by one", () => {
    expect(splitKeys("/1001\r", {})).toEqual([["/", {}], ["1", {}], ["0", {}], ["0", {}], ["1", {}], ["", { return: true }]]);
    expect(splitKeys("\u0004y", {})).toEqual([["d", { ctrl: true }], ["y", {}]]);
  });
});
