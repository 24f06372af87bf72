import { afterEach, describe, expect, test } from "bun:test";
import { cleanup } from "ink-testing-library";
import { textWidth } from "../src/tui/format.ts";
import { sampleSnapshot } from "./support/sample-state.ts";
import { renderDashboard, T0 } from "./tui-harness.ts";

afterEach(() => cleanup());

const titles = (f: string) => f.split("\n")[3] ?? "";

describe("callboard top on any terminal size", () => {
  test("columns adapt on resize: low-priority ones go first, none is cut off mid-table", async () => {
    const d = renderDashboard();
    let f = await d.waitFor((f) => f.includes("CALLER"));
    expect(titles(f)).toMatch(/STATE +CALLER +CALLEE +DURATION↓ FLAGS DID +GATEWAY +EXT +CODEC/);

    d.resize(80);
    f = await d.waitFor((f) => !titles(f).includes("CODEC"), "CODEC to go");
    expect(titles(f)).toMatch(/STATE +CALLER +CALLEE +DURATION↓ FLAGS DID +GATEWAY/);
    expect(titles(f)).not.toContain("EXT");
    for (const line of f.split("\n")) expect(textWidth(line)).toBeLessThanOrEqual(80);

    d.resize(160);
    f = await d.waitFor((f) => titles(f).includes("UUID"), "UUID to come");
    expect(titles(f)).toContain("REMOTE IP");
    expect(f).toContain("192.168.1.6");
  });

  test("the calls view keeps direction, numbers, duration, DID and gateway at 80 columns", async () => {
    const d = renderDashboard();
    await d.waitFor((f) => f.includes("CALLER"));
    d.resize(80);
    await d.press("2");
    const f = await d.waitFor((f) => titles(f).includes("FROM"));
    expect(titles(f)).toMatch(/STATE +FROM +TO +DURATION↓ REC DID +GATEWAY/);
    expect(f).toMatch(/→ held +1004 Азиз +998901000003 +0:03 +- +belluz/);
  });

  test("10 000 channels: only a screenful is drawn and the end is reachable", async () => {
    const d = renderDashboard({ snapshot: sampleSnapshot(T0, 10_000) });
    let f = await d.waitFor((f) => f.includes("1/10000"));
    expect(f.split("\n").length).toBeLessThan(24);
    await d.press("\u001B[F");
    f = await d.waitFor((f) => f.includes("10000/10000"), "the last row");
    expect(f.split("\n").length).toBeLessThan(24);
  });
});
