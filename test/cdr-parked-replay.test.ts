/**
 * An outage of any length loses no CDR and doubles none: what mod_json_cdr
 * parked on disk while callboard was down is replayed by callboard itself,
 * through the same store-once-per-leg path as the HTTP endpoint.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../src/config.ts";
import type { Db } from "../src/db/client.ts";
import { openDb } from "../src/db/client.ts";
import { cdrs } from "../src/db/schema.ts";
import { startSystem } from "../src/system.ts";
import { A_LEG, A_LEG_UUID, bLegJsonBody, B_LEG_UUID, CYRILLIC, CYRILLIC_UUID, fixtureBytes } from "./support/cdr-bodies.ts";
import { testConfig, testDeps } from "./support/deps.ts";
import { until } from "./support/until.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function spoolDir() {
  const dir = mkdtempSync(join(tmpdir(), "callboard-json-cdr-errors-"));
  made.push(dir);
  return dir;
}

/** What mod_json_cdr's backup_cdr() leaves after its last failed try: the body and "\n", some time ago. */
function park(dir: string, uuid: string, body: Uint8Array, ageMs = 60_000) {
  const path = join(dir, `${uuid}.cdr.json`);
  writeFileSync(path, new Uint8Array([...body, 0x0a]));
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
}

function callboard(dir: string, db: Db = openDb(":memory:")) {
  const { live: _live, ...parts } = testDeps({ db, config: testConfig({ CALLBOARD_CDR_SPOOL_DIR: dir, CALLBOARD_CDR_REPLAY_INTERVAL: "1" }) });
  const system = startSystem(parts);
  const post = (body: Uint8Array, uuid: string) =>
    fetch(`${system.url}/freeswitch/cdr?uuid=${uuid}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  return { ...system, db, post };
}

const legs = (db: Db) => db.select({ uuid: cdrs.uuid }).from(cdrs).all().map((r) => r.uuid).sort();
const parkedIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".cdr.json"));
const storedIn = (dir: string) => (existsSync(join(dir, "stored")) ? readdirSync(join(dir, "stored")).sort() : []);

describe("CDRs parked while callboard was down", () => {
  test("are stored once each when callboard starts, and FreeSWITCH posting one again later adds nothing", async () => {
    const dir = spoolDir();
    park(dir, A_LEG_UUID, fixtureBytes(A_LEG), 3 * 86_400_000);
    park(dir, B_LEG_UUID, bLegJsonBody(), 3 * 86_400_000);
    park(dir, CYRILLIC_UUID, fixtureBytes(CYRILLIC));
    const cb = callboard(dir);
    try {
      await until("the parked CDRs are stored", () => legs(cb.db).length === 3 && parkedIn(dir).length === 0);
      expect(legs(cb.db)).toEqual([A_LEG_UUID, B_LEG_UUID, CYRILLIC_UUID].sort());
      expect(storedIn(dir)).toHaveLength(3);
      const res = await cb.post(fixtureBytes(A_LEG), A_LEG_UUID);
      expect(await res.text()).toBe("OK duplicate\n");
      expect(legs(cb.db)).toHaveLength(3);
    } finally {
      await cb.stop();
    }
  });

  test("a leg both POSTed and parked (a retry racing the replay) is stored once, in either order", async () => {
    const dir = spoolDir();
    const cb = callboard(dir);
    try {
      expect(await (await cb.post(fixtureBytes(A_LEG), A_LEG_UUID)).text()).toBe("OK\n");
      park(dir, A_LEG_UUID, fixtureBytes(A_LEG));
      park(dir, CYRILLIC_UUID, fixtureBytes(CYRILLIC));
      await until("both files are moved out", () => parkedIn(dir).length === 0);
      expect(await (await cb.post(fixtureBytes(CYRILLIC), CYRILLIC_UUID)).text()).toBe("OK duplicate\n");
      expect(legs(cb.db)).toEqual([A_LEG_UUID, CYRILLIC_UUID].sort());
    } finally {
      await cb.stop();
    }
  });

  test("a restart doubles nothing: a stored leg's file parked again is a duplicate, moved out", async () => {
    const dir = spoolDir();
    const db = openDb(":memory:");
    park(dir, A_LEG_UUID, fixtureBytes(A_LEG));
    const first = callboard(dir, db);
    await until("the first callboard stores the leg", () => legs(db).length === 1 && parkedIn(dir).length === 0);
    await first.stop();

    park(dir, A_LEG_UUID, fixtureBytes(A_LEG));
    const second = callboard(dir, db);
    try {
      await until("the second callboard moves the file out", () => parkedIn(dir).length === 0);
      expect(legs(db)).toEqual([A_LEG_UUID]);
    } finally {
      await second.stop();
    }
  });

  test("a malformed file stays in place and nothing is stored from it", async () => {
    const dir = spoolDir();
    park(dir, A_LEG_UUID, fixtureBytes(A_LEG).subarray(0, 5000));
    park(dir, CYRILLIC_UUID, fixtureBytes(CYRILLIC));
    const cb = callboard(dir);
    try {
      await until("the good file is stored", () => legs(cb.db).length === 1 && storedIn(dir).length === 1);
      expect(parkedIn(dir)).toEqual([`${A_LEG_UUID}.cdr.json`]);
      expect(legs(cb.db)).toEqual([CYRILLIC_UUID]);
    } finally {
      await cb.stop();
    }
  });
});

describe("the spool settings", () => {
  test("CALLBOARD_CDR_SPOOL_DIR is made absolute; the interval is in seconds, 30 by default", () => {
    expect(testConfig({ CALLBOARD_CDR_SPOOL_DIR: "spool/json_cdr_errors" }).cdrSpool).toEqual({
      dir: join(process.cwd(), "spool/json_cdr_errors"),
      intervalMs: 30_000,
    });
    expect(testConfig({ CALLBOARD_CDR_REPLAY_INTERVAL: "5" }).cdrSpool.intervalMs).toBe(5_000);
  });

  test("an interval of 0 or a fraction is refused, naming the variable", () => {
    for (const value of ["0", "2.5", "soon"]) {
      expect(() => testConfig({ CALLBOARD_CDR_REPLAY_INTERVAL: value })).toThrow(ConfigError);
      expect(() => testConfig({ CALLBOARD_CDR_REPLAY_INTERVAL: value })).toThrow("CALLBOARD_CDR_REPLAY_INTERVAL");
    }
  });
});
