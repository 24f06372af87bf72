import { describe, expect, test } from "bun:test";
import { fallbackLoop, MAX_RING_STEPS, prefixedCallerName, ringGroupTarget, type RingGroupFallback, type RingGroupRow } from "./ring-groups.ts";
import type { ExtensionRow } from "./route-decision.ts";
import { ext as fixtureExt, group as fixtureGroup } from "./routing-fixture.ts";
import { FORBIDDEN_CHARS, PREFIXED_CALLER_NAME } from "./safe-values.ts";

const ext = (number: string, enabled = true): ExtensionRow => fixtureExt(number, { enabled });
const group = (name: string, over: Partial<RingGroupRow> = {}): RingGroupRow => fixtureGroup(name, { strategy: "sequential", ringSeconds: 15, ...over });

function rows(exts: ExtensionRow[], groups: RingGroupRow[]) {
  return { extension: (n: string) => exts.find((e) => e.number === n), ringGroup: (n: string) => groups.find((g) => g.name === n) };
}

const staff = [ext("1001"), ext("1002"), ext("1003"), ext("1009", false)];

describe("the call a ring group makes", () => {
  test("members ring in the group's order and strategy, then the fallback chain: group, group, extension", () => {
    const sales = group("sales", { fallback: { type: "ring_group", target: "support" } });
    const support = group("support", { strategy: "simultaneous", members: ["1003"], fallback: { type: "extension", target: "1001" } });
    const t = ringGroupTarget(sales, rows(staff, [sales, support]), {}, false);
    expect(t.steps).toEqual([
      { kind: "group", group: "sales", strategy: "sequential", members: ["1001", "1002"], ringSeconds: 15, timeoutSeconds: 60 },
      { kind: "group", group: "support", strategy: "simultaneous", members: ["1003"], ringSeconds: 15, timeoutSeconds: 60 },
      { kind: "extension", number: "1001" },
    ]);
    expect(t.hangupCause).toBe("NO_ANSWER");
  });

  test("a disabled or deleted member is left out and said so; a group left with nobody goes straight to its fallback", () => {
    const g = group("sales", { members: ["1009", "4040"], fallback: { type: "hangup", target: "USER_BUSY" } });
    const t = ringGroupTarget(g, rows(staff, [g]), {}, false);
    expect(t.steps).toEqual([]);
    expect(t.hangupCause).toBe("USER_BUSY");
    expect(t.notes).toEqual([
      "ring group sales: member 1009 is missing or disabled, not rung",
      "ring group sales: member 4040 is missing or disabled, not rung",
      "ring group sales has no member to ring",
    ]);
  });

  test("a loop written into the database behind the API's back stops at the first group seen twice", () => {
    const a = group("a", { fallback: { type: "ring_group", target: "b" } });
    const b = group("b", { fallback: { type: "ring_group", target: "a" } });
    const t = ringGroupTarget(a, rows(staff, [a, b]), {}, false);
    expect(t.steps.map((s) => (s.kind === "group" ? s.group : s.number))).toEqual(["a", "b"]);
    expect(t.notes.at(-1)).toContain("would loop");
  });

  test(`a chain longer than ${MAX_RING_STEPS} groups is cut`, () => {
    const chain = Array.from({ length: 20 }, (_, i) => group(`g${i}`, { fallback: { type: "ring_group", target: `g${i + 1}` } }));
    const t = ringGroupTarget(chain[0]!, rows(staff, chain), {}, false);
    expect(t.steps).toHaveLength(MAX_RING_STEPS);
  });

  test("a missing or disabled fallback ends the call with NO_ANSWER instead of ringing it", () => {
    const g = group("sales", { fallback: { type: "extension", target: "1009" } });
    expect(ringGroupTarget(g, rows(staff, [g]), {}, false)).toMatchObject({ hangupCause: "NO_ANSWER", steps: [{ kind: "group" }] });
    const h = group("sales", { fallback: { type: "ring_group", target: "closed" } });
    const closed = group("closed", { enabled: false });
    expect(ringGroupTarget(h, rows(staff, [h, closed]), {}, false).steps).toHaveLength(1);
  });

  test("a hang-up cause outside the allowed ones (a row forced into the database) becomes NO_ANSWER", () => {
    const g = group("sales", { fallback: { type: "hangup", target: "${x}" } });
    expect(ringGroupTarget(g, rows(staff, [g]), {}, false).hangupCause).toBe("NO_ANSWER");
  });

  test("the calling extension is neither rung as a member nor as the fallback", () => {
    const g = group("sales", { fallback: { type: "extension", target: "1002" } });
    const t = ringGroupTarget(g, rows(staff, [g]), { name: "Operator 1002", number: "1002", extension: "1002" }, false);
    expect(t.steps).toEqual([{ kind: "group", group: "sales", strategy: "sequential", members: ["1001"], ringSeconds: 15, timeoutSeconds: 60 }]);
  });

  test("each group shows its own prefix; the fallback extension shows the prefix of the group that fell back to it", () => {
    const sales = group("sales", { callerIdNamePrefix: "Sales - ", fallback: { type: "ring_group", target: "night" } });
    const night = group("night", { members: ["1003"], callerIdNamePrefix: "Night - ", fallback: { type: "extension", target: "1001" } });
    const t = ringGroupTarget(sales, rows(staff, [sales, night]), { name: "Ali", number: "998901112233" }, false);
    expect(t.steps.map((s) => s.callerIdName)).toEqual(["Sales - Ali", "Night - Ali", "Night - Ali"]);
  });
});

describe("members on do-not-disturb (as FusionPBX)", () => {
  const onDnd = (number: string) => fixtureExt(number, { dnd: true });

  test("are not rung, simultaneous or sequential, and the answer says so; the others still ring", () => {
    for (const strategy of ["simultaneous", "sequential"] as const) {
      const g = group("sales", { strategy, members: ["1001", "1002", "1003"] });
      const t = ringGroupTarget(g, rows([ext("1001"), onDnd("1002"), ext("1003")], [g]), {}, false);
      expect(t.steps).toEqual([{ kind: "group", group: "sales", strategy, members: ["1001", "1003"], ringSeconds: 15, timeoutSeconds: 60 }]);
      expect(t.notes).toEqual(["ring group sales: member 1002 is on do-not-disturb, not rung"]);
    }
  });

  test("a group whose every member is on do-not-disturb goes straight to its fallback, as unanswered", () => {
    const g = group("sales", { fallback: { type: "extension", target: "1003" } });
    const t = ringGroupTarget(g, rows([onDnd("1001"), onDnd("1002"), ext("1003")], [g]), {}, false);
    expect(t.steps).toEqual([{ kind: "extension", number: "1003" }]);
    expect(t.hangupCause).toBe("NO_ANSWER");
    expect(t.notes).toContain("ring group sales has no member to ring");
    const hangup = group("sales", { fallback: { type: "hangup", target: "USER_BUSY" } });
    expect(ringGroupTarget(hangup, rows([onDnd("1001"), onDnd("1002")], [hangup]), {}, false)).toMatchObject({ steps: [], hangupCause: "USER_BUSY" });
    const condition = group("sales", { fallback: { type: "time_condition", target: "night" } });
    expect(ringGroupTarget(condition, rows([onDnd("1001"), onDnd("1002")], [condition]), {}, false)).toMatchObject({ steps: [], timeCondition: "night" });
  });

  test("a member's do-not-disturb is read per call: off again, it rings again", () => {
    const g = group("sales");
    expect(ringGroupTarget(g, rows([fixtureExt("1001", { dnd: false }), ext("1002")], [g]), {}, false).steps[0]).toMatchObject({ members: ["1001", "1002"] });
  });
});

describe("loops between groups", () => {
  const stored: Record<string, RingGroupFallback> = {
    sales: { type: "ring_group", target: "support" },
    support: { type: "ring_group", target: "night" },
    night: { type: "extension", target: "1001" },
  };
  const of = (name: string) => stored[name];

  test("a fallback that comes back round is found, with the path it takes", () => {
    expect(fallbackLoop("night", { type: "ring_group", target: "sales" }, of)).toEqual(["night", "sales", "support", "night"]);
    expect(fallbackLoop("sales", { type: "ring_group", target: "sales" }, of)).toEqual(["sales", "sales"]);
  });

  test("a chain that ends in an extension, a hang-up or a missing group is no loop", () => {
    expect(fallbackLoop("sales", { type: "ring_group", target: "support" }, of)).toBeUndefined();
    expect(fallbackLoop("new", { type: "hangup", target: "NO_ANSWER" }, of)).toBeUndefined();
    expect(fallbackLoop("new", { type: "ring_group", target: "ghost" }, of)).toBeUndefined();
  });
});

describe("the caller's name behind the group's prefix", () => {
  test("the provider's name, else its number; no prefix leaves the caller's own name alone", () => {
    expect(prefixedCallerName("Sales - ", { name: "Ali Valiyev", number: "998901112233" })).toBe("Sales - Ali Valiyev");
    expect(prefixedCallerName("Sales - ", { name: "", number: "+998901112233" })).toBe("Sales - 998901112233");
    expect(prefixedCallerName("Sales - ", {})).toBe("Sales -");
    expect(prefixedCallerName(null, { name: "Ali" })).toBeUndefined();
  });

  test("Uzbek and Cyrillic names stay readable: an apostrophe becomes the modifier letter ʼ", () => {
    expect(prefixedCallerName("Sotuv - ", { name: "Qo'ng'iroq Markazi" })).toBe("Sotuv - Qoʼngʼiroq Markazi");
    expect(prefixedCallerName("Продажи - ", { name: "Шахноза Юсупова" })).toBe("Продажи - Шахноза Юсупова");
  });

  test.each([
    ["a variable", "${sip_h_X-Secret}"],
    ["a dial string fork", "x,sofia/gateway/belluz/998901234567"],
    ["failover and braces", "a|b{c=d}[e]"],
    ["quotes and markup", `"><X-PRE-PROCESS cmd="exec" data="id"/>`],
    ["a newline", "Ali\nX-Header: y"],
    ["a preprocessor variable", "$${base_dir}"],
    ["the ^^ delimiter switch", "^^:a=b"],
  ])("a provider name with %s comes out with no FreeSWITCH syntax left", (_what, name) => {
    const shown = prefixedCallerName("Sales - ", { name, number: "998901112233" })!;
    expect(shown.startsWith("Sales - ")).toBe(true);
    expect(PREFIXED_CALLER_NAME.test(shown)).toBe(true);
    expect(FORBIDDEN_CHARS.test(shown)).toBe(false);
    expect(shown).not.toMatch(/[=^[\]:/@]/);
  });

  test("`:`, `/` and `@` are dropped: sofia would show only what follows the last of them (FreeSWITCH 1.10.12)", () => {
    expect(prefixedCallerName("Sales - ", { name: "sip:ali@bell.uz" })).toBe("Sales - sipalibell.uz");
    expect(prefixedCallerName("Sales - ", { name: "Ali / Support: 2" })).toBe("Sales - Ali Support 2");
    expect(prefixedCallerName("Sales: ", { name: "Ali" })).toBeUndefined();
  });

  test("the whole name is cut to 64 characters", () => {
    const shown = prefixedCallerName("Sales department - ", { name: "Я".repeat(200) })!;
    expect([...shown]).toHaveLength(64);
  });

  test("a prefix that is not safe (a row forced into the database) is not shown at all", () => {
    expect(prefixedCallerName("Sales${x}", { name: "Ali" })).toBeUndefined();
    expect(prefixedCallerName("Sales, ", { name: "Ali" })).toBeUndefined();
  });
});
