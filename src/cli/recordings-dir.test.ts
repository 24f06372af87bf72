import { afterAll, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../log.ts";
import { datedFolder } from "../pbx/recording-path.ts";
import { createSharedDir, ensureDatedFolders, prepareRecordingsDir } from "./recordings-dir.ts";

const root = mkdtempSync(join(tmpdir(), "callboard-recdir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = new Date(2026, 11, 31, 23, 30);
const asRoot = process.getuid?.() === 0;
/** A gid callboard may not hand a directory to unless it runs as root. */
const FREESWITCH_GID = asRoot ? 4242 : 65000;

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

function host(groupLine: string) {
  const dir = mkdtempSync(join(root, "host-"));
  writeFileSync(join(dir, "group"), groupLine);
  return { passwd: join(dir, "passwd"), group: join(dir, "group"), proc: join(dir, "proc") };
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

test("a new recordings directory is 2770, and so are today's and tomorrow's dated folders, across a year's end", () => {
  const dir = join(root, "fresh/recordings");
  const { log } = capture();
  const stop = prepareRecordingsDir({ recordingsDir: dir, recordingsInDataDir: false }, log, host(""), () => NOW);
  stop();
  expect(modeOf(dir)).toBe(0o2770);
  for (const day of ["2026/12/31", "2027/01/01"]) {
    let path = dir;
    for (const level of day.split("/")) {
      path = join(path, level);
      expect(modeOf(path)).toBe(0o2770);
    }
  }
});

test("the new directory goes to group freeswitch; where callboard may not, the log gives the one command", () => {
  const dir = join(root, "grouped/recordings");
  const { log, lines } = capture();
  prepareRecordingsDir({ recordingsDir: dir, recordingsInDataDir: false }, log, host(`freeswitch:x:${FREESWITCH_GID}:\n`), () => NOW)();
  if (asRoot) {
    expect(statSync(dir).gid).toBe(FREESWITCH_GID);
    expect(lines.some((l) => l.level === 40)).toBe(false);
  } else {
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining(`sudo chgrp freeswitch ${dir}`) }));
  }
});

test("a shared directory FreeSWITCH only reads is made with the mode asked for, and the log says that mode", () => {
  const dir = join(root, "read-only/sounds");
  const { log, lines } = capture();
  createSharedDir(dir, undefined, log, "sounds directory", 0o2750);
  expect(modeOf(dir)).toBe(0o2750);
  expect(lines).toContainEqual(expect.objectContaining({ level: 30, msg: expect.stringContaining("sounds directory created, mode 2750") }));
});

test("an existing directory is left as the admin set it", () => {
  const dir = join(root, "existing");
  mkdirSync(dir);
  chmodSync(dir, 0o750);
  prepareRecordingsDir({ recordingsDir: dir, recordingsInDataDir: false }, capture().log, host(`freeswitch:x:${FREESWITCH_GID}:\n`), () => NOW)();
  expect(modeOf(dir)).toBe(0o750);
});

test("recordings kept in the data dir are used where they are, with a warning", () => {
  const dir = join(root, "data/recordings");
  mkdirSync(dir, { recursive: true });
  const { log, lines } = capture();
  prepareRecordingsDir({ recordingsDir: dir, recordingsInDataDir: true }, log, host(""), () => NOW)();
  expect(lines).toContainEqual(expect.objectContaining({ level: 40, dir, msg: expect.stringContaining("docs/recordings.md") }));
  expect(existsSync(join(dir, datedFolder(NOW)))).toBe(true);
});

test("a dated folder that already exists is not touched", () => {
  const dir = join(root, "kept");
  const today = join(dir, datedFolder(NOW));
  mkdirSync(today, { recursive: true });
  chmodSync(today, 0o700);
  ensureDatedFolders(dir, NOW, capture().log);
  expect(modeOf(today)).toBe(0o700);
});
