import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import { KEY, renderDashboard } from "./tui-harness.ts";

afterEach(() => cleanup());

const tableRows = (f: string) => f.split("\n").filter((l) => /^[←→↔] /.test(l));
const CALL_1004 = "00000003-0000-4000-8000-000000000003";

describe("callboard top filter", () => {
  test("/ keeps the rows matching a regex, while it is typed", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/", "1", "0", "0", "[", "2", "4", "]");
    let f = await d.waitFor((f) => tableRows(f).length === 2, "two rows");
    expect(f).toContain("/100[24]");
    await d.press(KEY.enter);
    f = await d.waitFor((f) => f.includes("1/2 of 6"));
    expect(tableRows(f).map((r) => r.match(/ (10\d\d) /)![1]).sort()).toEqual(["1002", "1004"]);
  });

  test("a leading ! keeps the rows that do not match", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/!belluz\r");
    const f = await d.waitFor((f) => f.includes("1/3 of 6"));
    expect(tableRows(f).every((r) => !r.includes("belluz"))).toBe(true);
    expect(tableRows(f)).toHaveLength(3);
  });

  test("a pasted filter in one burst loses no key", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r");
    const f = await d.waitFor((f) => f.includes("1/1 of 6"));
    expect(tableRows(f)[0]).toContain("1004 Азиз");
  });

  test("an invalid regex is shown and matched literally, without crashing", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/(1004\r");
    const f = await d.waitFor((f) => f.includes("not a regex"));
    expect(f).toContain("no channels match /(1004/");
  });

  test("esc clears the filter", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Sales\r");
    await d.waitFor((f) => f.includes("1/1 of 6"));
    await d.press(KEY.esc);
    await d.waitFor((f) => tableRows(f).length === 6, "all rows back");
  });
});

describe("callboard top actions", () => {
  test("ctrl-d asks before hanging up; n leaves the call alone, y hangs it up", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r");
    await d.waitFor((f) => f.includes("1/1 of 6"));
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("Hang up 1004 → 998901000003? (y/n)"));
    await d.press("n");
    await d.waitFor((f) => f.includes("hang up cancelled"));
    expect(d.calls).toEqual([]);
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("(y/n)"));
    await d.press("y");
    await d.waitFor((f) => f.includes("hung up 1004 → 998901000003"));
    expect(d.calls).toEqual([`hangup ${CALL_1004}`]);
  });

  test("r starts recording, or stops it when the call is being recorded", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "r");
    await d.waitFor((f) => f.includes("recording started"));
    await d.press("/Оператор\r", "r");
    await d.waitFor((f) => f.includes("recording stopped"));
    expect(d.calls).toEqual([`record start ${CALL_1004}`, "record stop 00000005-0000-4000-8000-000000000005"]);
  });

  test("t asks for a number and refuses anything but digits", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "t");
    await d.waitFor((f) => f.includes("transfer 1004 → 998901000003 to:"));
    await d.press("12;3\r");
    await d.waitFor((f) => f.includes("digits with an optional leading +"));
    expect(d.calls).toEqual([]);
    await d.press("\u0015", "+998901234567\r");
    await d.waitFor((f) => f.includes("transferred 1004 → 998901000003 to +998901234567"));
    expect(d.calls).toEqual([`transfer ${CALL_1004} +998901234567`]);
  });

  test("l asks for my extension once and remembers it", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("/Азиз\r", "l");
    await d.waitFor((f) => f.includes("listen in from my extension:"));
    await d.press("1001\r");
    await d.waitFor((f) => f.includes("extension 1001 will ring"));
    await d.press(KEY.esc, KEY.down, "l");
    await d.waitFor((f) => d.calls.length === 2 && f.includes("will ring"));
    expect(d.calls[0]).toBe(`listen ${CALL_1004} 1001`);
    expect(d.calls[1]).toMatch(/^listen \S+ 1001$/);
  });

  test("an API error is shown in the footer", async () => {
    const d = renderDashboard({ answer: () => ({ ok: false, status: 502, message: "FreeSWITCH: -ERR No such channel!" }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press(KEY.ctrlD, "y");
    await d.waitFor((f) => f.includes("FreeSWITCH: -ERR No such channel!"));
  });
});

describe("callboard top read-only", () => {
  test("--readonly disables the mutating keys and says so", async () => {
    const d = renderDashboard({ readonly: "--readonly" });
    let f = await d.waitFor((f) => f.includes("CALLER"));
    expect(f).toContain("READ-ONLY (--readonly): actions disabled");
    expect(f).not.toContain("^D hang up");
    await d.press(KEY.ctrlD);
    f = await d.waitFor((f) => f.includes("hang up is disabled"));
    expect(f).not.toContain("(y/n)");
    await d.press("r", "t", "l");
    await d.waitFor((f) => f.includes("listen in is disabled"));
    expect(d.calls).toEqual([]);
  });

  test("a viewer token, refused with 403, turns the dashboard read-only", async () => {
    const d = renderDashboard({ answer: () => ({ ok: false, status: 403, message: "this token may only read" }) });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("r");
    await d.waitFor((f) => f.includes("this token may only read"));
    await d.press(KEY.ctrlD);
    await d.waitFor((f) => f.includes("read-only (viewer token): hang up is disabled"));
    await d.press(KEY.esc);
    await d.waitFor((f) => f.includes("READ-ONLY (viewer token)"));
    expect(d.calls).toHaveLength(1);
  });

  test("the help marks the disabled keys", async () => {
    const d = renderDashboard({ readonly: "--readonly" });
    await d.waitFor((f) => f.includes("CALLER"));
    await d.press("?");
    const f = await d.waitFor((f) => f.includes("keys (channels)"));
    expect(f).toMatch(/ctrl-d +hang up the selected call \(asks y\/n\) \(read-only\)/);
    expect(f).toContain("sort letters in channels: S state, C caller");
  });
});
