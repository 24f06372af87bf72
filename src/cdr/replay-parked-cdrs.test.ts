import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { A_LEG, A_LEG_UUID, bLegJsonBody, B_LEG_UUID, CYRILLIC, CYRILLIC_UUID, fixtureBytes } from "../../test/support/cdr-bodies.ts";
import { openDb } from "../db/client.ts";
import { cdrs } from "../db/schema.ts";
import { createLogger } from "../log.ts";
import { newReplayMemory, replayParkedCdrs } from "./replay-parked-cdrs.ts";
import { type SpoolPort, spoolFiles } from "./spool-files.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** backup_cdr()'s file: the body and "\n", last written `ageMs` ago. */
function park(dir: string, name: string, body: Uint8Array, ageMs = 10_000, newline = true) {
  const path = join(dir, name);
  writeFileSync(path, newline ? new Uint8Array([...body, 0x0a]) : body);
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
  return path;
}

function setup(wrap: (spool: SpoolPort) => SpoolPort = (s) => s) {
  const dir = mkdtempSync(join(tmpdir(), "callboard-parked-"));
  made.push(dir);
  const logs: { level: number; msg: string; file?: string }[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(JSON.parse(String(chunk))), done()) });
  const db = openDb(":memory:");
  const memory = newReplayMemory();
  const deps = { db, log: createLogger("info", sink), dir, recordingsDir: join(dir, "recordings"), spool: wrap(spoolFiles(dir)), now: Date.now };
  return {
    dir,
    db,
    logs,
    pass: () => replayParkedCdrs(deps, memory),
    rows: () => db.select({ uuid: cdrs.uuid }).from(cdrs).all().map((r) => r.uuid).sort(),
    waiting: () => readdirSync(dir).filter((n) => n.endsWith(".cdr.json")).sort(),
    stored: () => (existsSync(join(dir, "stored")) ? readdirSync(join(dir, "stored")).sort() : []),
    warnings: () => logs.filter((l) => l.level === 40),
  };
}

const failWith = (code: string) => Object.assign(new Error(`${code}: permission denied`), { code });

describe("replaying the CDRs FreeSWITCH parked", () => {
  test("files parked while callboard was down are stored once each and moved to stored/", async () => {
    const t = setup();
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG), 3_600_000);
    park(t.dir, `${B_LEG_UUID}.cdr.json`, bLegJsonBody(), 3_600_000);
    park(t.dir, `${CYRILLIC_UUID}.cdr.json`, fixtureBytes(CYRILLIC), 86_400_000);
    expect(await t.pass()).toEqual({ stored: 3, duplicates: 0, moved: 3, waiting: 0, reported: 0 });
    expect(t.rows()).toEqual([A_LEG_UUID, B_LEG_UUID, CYRILLIC_UUID].sort());
    expect(t.waiting()).toEqual([]);
    expect(t.stored()).toEqual([`${A_LEG_UUID}.cdr.json`, `${B_LEG_UUID}.cdr.json`, `${CYRILLIC_UUID}.cdr.json`].sort());
    expect(await t.pass()).toEqual({ stored: 0, duplicates: 0, moved: 0, waiting: 0, reported: 0 });
    expect(t.rows()).toHaveLength(3);
  });

  test("a file whose leg is already stored (it was POSTed too) adds no row and is moved out", async () => {
    const t = setup();
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
    await t.pass();
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
    expect(await t.pass()).toMatchObject({ stored: 0, duplicates: 1, moved: 1 });
    expect(t.rows()).toEqual([A_LEG_UUID]);
  });

  test("a malformed file stays where it is, is reported once, and is judged again once rewritten", async () => {
    const t = setup();
    const name = `${A_LEG_UUID}.cdr.json`;
    park(t.dir, name, fixtureBytes(A_LEG).subarray(0, 5000));
    for (let i = 0; i < 3; i++) expect(await t.pass()).toMatchObject({ stored: 0, moved: 0 });
    expect(t.waiting()).toEqual([name]);
    expect(t.stored()).toEqual([]);
    expect(t.warnings().map((w) => [w.msg, w.file])).toEqual([["parked CDR refused: malformed (kept; fix or delete it by hand)", name]]);
    park(t.dir, name, fixtureBytes(A_LEG), 5_000);
    expect(await t.pass()).toMatchObject({ stored: 1, moved: 1 });
  });

  test("a file half-written at scan time is left for the next pass", async () => {
    const t = setup();
    const fresh = park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG), 0);
    const noNewline = park(t.dir, `${CYRILLIC_UUID}.cdr.json`, fixtureBytes(CYRILLIC).subarray(0, 3000), 10_000, false);
    expect(await t.pass()).toEqual({ stored: 0, duplicates: 0, moved: 0, waiting: 2, reported: 0 });
    expect(t.rows()).toEqual([]);

    const old = (Date.now() - 10_000) / 1000;
    utimesSync(fresh, old, old);
    appendFileSync(noNewline, new Uint8Array([...fixtureBytes(CYRILLIC).subarray(3000), 0x0a]));
    utimesSync(noNewline, old, old);
    expect(await t.pass()).toMatchObject({ stored: 2, moved: 2, waiting: 0 });
    expect(t.warnings()).toEqual([]);
  });

  test("when stored/ cannot be written (EACCES) the CDR is stored once, the failure logged once with the fix, and moved once allowed", async () => {
    let allowed = false;
    const t = setup((spool) => ({
      ...spool,
      moveToStored: (name) => (allowed ? spool.moveToStored(name) : Promise.reject(failWith("EACCES"))),
    }));
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
    expect(await t.pass()).toMatchObject({ stored: 1, moved: 0, reported: 1 });
    expect(await t.pass()).toEqual({ stored: 0, duplicates: 0, moved: 0, waiting: 0, reported: 0 });
    expect(t.logs.filter((l) => l.msg === "parked CDR stored")).toHaveLength(1);
    expect(t.warnings()).toHaveLength(1);
    expect(t.warnings()[0]?.msg).toContain(`chmod g+rwx ${t.dir}`);

    allowed = true;
    expect(await t.pass()).toMatchObject({ stored: 0, duplicates: 0, moved: 1 });
    expect(t.stored()).toEqual([`${A_LEG_UUID}.cdr.json`]);
    expect(t.rows()).toEqual([A_LEG_UUID]);
  });

  test("an unreadable file is reported once and left alone", async () => {
    const t = setup((spool) => ({ ...spool, read: () => Promise.reject(failWith("EACCES")) }));
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
    await t.pass();
    await t.pass();
    expect(t.warnings().map((w) => w.msg)).toEqual([expect.stringContaining("parked CDR unreadable: FreeSWITCH writes there as \"freeswitch\"")]);
    expect(t.waiting()).toEqual([`${A_LEG_UUID}.cdr.json`]);
    expect(t.rows()).toEqual([]);
  });

  test("a symlink is never followed", async () => {
    const t = setup();
    const elsewhere = mkdtempSync(join(tmpdir(), "callboard-elsewhere-"));
    made.push(elsewhere);
    symlinkSync(park(elsewhere, "real.json", fixtureBytes(A_LEG)), join(t.dir, `${A_LEG_UUID}.cdr.json`));
    expect(await t.pass()).toMatchObject({ stored: 0, reported: 1 });
    expect(t.rows()).toEqual([]);
    expect(t.waiting()).toEqual([`${A_LEG_UUID}.cdr.json`]);
  });

  test("when the database cannot store, the file stays for the next pass and the pass stops at the first failure", async () => {
    const t = setup();
    park(t.dir, `${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
    park(t.dir, `${CYRILLIC_UUID}.cdr.json`, fixtureBytes(CYRILLIC));
    t.db.$client.exec("DROP TABLE cdrs");
    expect(await t.pass()).toEqual({ stored: 0, duplicates: 0, moved: 0, waiting: 0, reported: 0 });
    expect(t.logs.filter((l) => l.level === 50).map((l) => l.msg)).toEqual(["parked CDR not stored; will retry next pass"]);
    expect(t.waiting()).toHaveLength(2);
  });

  test("a missing directory is said once, not every pass", async () => {
    const t = setup();
    rmSync(t.dir, { recursive: true });
    await t.pass();
    await t.pass();
    expect(t.logs.map((l) => l.msg)).toEqual([expect.stringContaining("does not exist yet")]);
  });
});
