import { expect, test } from "bun:test";
import { EndedLegs } from "./ended-legs.ts";

test("a leg once ended stays ended in that version and every later one", () => {
  const a = EndedLegs.empty(4).add("x");
  const b = a.add("y");
  expect([a.has("x"), a.has("y"), b.has("x"), b.has("y")]).toEqual([true, false, true, true]);
});

test("an older version never sees what was added after it", () => {
  const base = EndedLegs.empty(4).add("x");
  const later = base.add("y");
  expect(base.has("y")).toBe(false);
  // Adding to the older version branches: neither sees the other's addition.
  const other = base.add("z");
  expect([other.has("x"), other.has("z"), other.has("y"), later.has("z")]).toEqual([true, true, false, false]);
});

test("only the last `memory` legs are remembered", () => {
  let e = EndedLegs.empty(3);
  for (const id of ["a", "b", "c", "d", "e", "f", "g", "h", "i"]) e = e.add(id);
  expect(["a", "b", "c", "d", "e", "f"].some((id) => e.has(id))).toBe(false);
  expect(["g", "h", "i"].every((id) => e.has(id))).toBe(true);
});

test("a leg ending again is not added twice", () => {
  const e = EndedLegs.empty(3).add("a");
  expect(e.add("a")).toBe(e);
});
