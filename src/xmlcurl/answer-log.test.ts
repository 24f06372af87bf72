import { expect, test } from "bun:test";
import { Writable } from "node:stream";
import { createLogger } from "../log.ts";
import { createAnswerLog } from "./answer-log.ts";

function setup(perSecond = 3) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  let now = 0;
  const log = createAnswerLog(createLogger("info", sink), { perSecond, summaryEveryMs: 10_000, clock: () => now });
  const line = (section: string) => ({ section, key: "1001@pbx.test", outcome: "user (sip_auth)", us: 12 });
  return { lines, log, line, advance: (ms: number) => (now += ms) };
}

test("at a working PBX's pace every answer leaves its line", () => {
  const { lines, log, line, advance } = setup();
  for (let i = 0; i < 20; i++) {
    log.write(line("directory"));
    advance(400);
  }
  expect(lines.filter((l) => l.msg === "xml_curl")).toHaveLength(20);
});

test("past the rate routine lines are counted by section and the count written every 10 s; warnings always get through", () => {
  const { lines, log, line, advance } = setup();
  for (let i = 0; i < 100; i++) log.write(line(i % 2 ? "dialplan" : "directory"));
  log.write(line("dialplan"), ["caller id name is not safe, left out"]);
  expect(lines.filter((l) => l.msg === "xml_curl" && l.level === 30)).toHaveLength(3);
  expect(lines.filter((l) => l.level === 40)).toEqual([expect.objectContaining({ problems: ["caller id name is not safe, left out"] })]);
  advance(10_000);
  log.write(line("directory"));
  const summary = lines.find((l) => String(l.msg).startsWith("xml_curl lines left out"));
  expect(summary).toMatchObject({ skipped: 97, sections: { directory: 48, dialplan: 49 } });
  expect(lines.at(-1)).toMatchObject({ msg: "xml_curl", section: "directory" });
});

test("a section name nobody serves is counted as other, whatever it spells", () => {
  const { lines, log, line, advance } = setup(1);
  log.write(line("directory"));
  log.write(line("__proto__"));
  log.write(line("constructor"));
  advance(10_000);
  log.write(line("directory"));
  expect(lines.find((l) => l.skipped)).toMatchObject({ skipped: 2, sections: { other: 2 } });
});
