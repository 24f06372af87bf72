import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../log.ts";
import { prepareSoundsDir } from "./sounds-dir.ts";

const root = mkdtempSync(join(tmpdir(), "callboard-soundsdir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const asRoot = process.getuid?.() === 0;
const FREESWITCH_GID = asRoot ? 4243 : 65001;

function host(groupLine: string) {
  const dir = mkdtempSync(join(root, "host-"));
  writeFileSync(join(dir, "group"), groupLine);
  return { passwd: join(dir, "passwd"), group: join(dir, "group"), proc: join(dir, "proc") };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

test("a new sounds directory is 2750, for FreeSWITCH to read through group freeswitch (or the one command to run)", () => {
  const dir = join(root, "fresh/sounds");
  const { log, lines } = capture();
  prepareSoundsDir({ soundsDir: dir }, log, host(`freeswitch:x:${FREESWITCH_GID}:\n`));
  expect(statSync(dir).mode & 0o7777).toBe(0o2750);
  if (asRoot) expect(statSync(dir).gid).toBe(FREESWITCH_GID);
  else expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining(`sudo chgrp freeswitch ${dir}`) }));
});

test("an existing sounds directory is left as the admin set it", () => {
  const dir = join(root, "existing");
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  prepareSoundsDir({ soundsDir: dir }, capture().log, host(""));
  expect(statSync(dir).mode & 0o7777).toBe(0o755);
});
