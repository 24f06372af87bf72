import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { A_LEG, A_LEG_UUID, B_LEG_UUID, bLegJsonBody, CYRILLIC, CYRILLIC_UUID, fixtureBytes } from "../../test/support/cdr-bodies.ts";
import { dbFile, openDb } from "../db/client.ts";
import { parseJsonCdr } from "./parse-json-cdr.ts";
import { chooseSpoolDir, DEFAULT_SPOOL_DIRS } from "./cdr-spool-dir.ts";
import { checkParkedCdrs, storedLegsIn } from "./parked-cdrs-report.ts";
import { storeCdr } from "../db/cdrs.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

function park(dir: string, name: string, bytes: Uint8Array) {
  writeFileSync(join(dir, name), bytes);
  const when = (Date.now() - 60_000) / 1000;
  utimesSync(join(dir, name), when, when);
}
const withNewline = (body: Uint8Array) => new Uint8Array([...body, 0x0a]);
const config = (dir: string) => ({ cdrSpool: { dir, intervalMs: 30_000 } });
const nothingStored = () => new Set<string>();

describe("which spool directory", () => {
  test("CALLBOARD_CDR_SPOOL_DIR wins, even before FreeSWITCH has made it", () => {
    expect(chooseSpoolDir("/srv/fs/json_cdr_errors", () => false)).toEqual({ dir: "/srv/fs/json_cdr_errors" });
  });

  test("unset: packaged FreeSWITCH's directory, then a source build's, else none", () => {
    const exists = (set: string[]) => (p: string) => set.includes(p);
    expect(chooseSpoolDir(undefined, exists(DEFAULT_SPOOL_DIRS))).toEqual({ dir: "/var/log/freeswitch/json_cdr_errors" });
    expect(chooseSpoolDir(undefined, exists(["/usr/local/freeswitch/log/json_cdr_errors"]))).toEqual({ dir: "/usr/local/freeswitch/log/json_cdr_errors" });
    expect(chooseSpoolDir(undefined, exists([]))).toEqual({ dir: undefined, looked: DEFAULT_SPOOL_DIRS });
  });
});

describe("callboard doctor on parked CDRs", () => {
  test("an empty spool directory is fine", async () => {
    const dir = tempDir("callboard-spool-");
    expect(await checkParkedCdrs(config(dir), nothingStored)).toEqual({ status: "ok", check: "parked cdrs", detail: `${dir}: no parked CDRs waiting` });
  });

  test("lists malformed files, files not followed, and stored files left in place, with the permission fix; counts the rest as waiting", async () => {
    const dir = tempDir("callboard-spool-");
    park(dir, `${A_LEG_UUID}.cdr.json`, withNewline(fixtureBytes(A_LEG)));
    park(dir, `${B_LEG_UUID}.cdr.json`, withNewline(bLegJsonBody()));
    park(dir, `${CYRILLIC_UUID}.cdr.json`, withNewline(fixtureBytes(CYRILLIC).subarray(0, 900)));
    const elsewhere = tempDir("callboard-elsewhere-");
    park(elsewhere, "x", withNewline(fixtureBytes(A_LEG)));
    symlinkSync(join(elsewhere, "x"), join(dir, "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01.cdr.json"));

    const r = await checkParkedCdrs(config(dir), (uuids) => new Set(uuids.filter((u) => u === A_LEG_UUID)));
    expect(r.status).toBe("warn");
    expect(r.detail).toStartWith(`${dir}: 1 parked CDR(s) waiting for the next replay; `);
    expect(r.detail).toContain(`1 malformed, kept for you to fix or delete: ${CYRILLIC_UUID}.cdr.json (body is not JSON`);
    expect(r.detail).toContain("1 unreadable: 0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01.cdr.json (not a regular file)");
    expect(r.detail).toContain(`1 already stored but not moved to stored/: ${A_LEG_UUID}.cdr.json`);
    expect(r.detail).toContain(`chmod g+rwx ${dir}`);
    expect(readdirSync(dir)).toHaveLength(4);
  });

  test("a configured directory that does not exist yet is a warning naming the setting", async () => {
    const r = await checkParkedCdrs(config("/nonexistent/json_cdr_errors"), nothingStored);
    expect(r).toMatchObject({ status: "warn", detail: expect.stringContaining("CALLBOARD_CDR_SPOOL_DIR must be json_cdr.conf's err-log-dir") });
  });

  test("stored legs are looked up in callboard's database, and a missing database holds none", () => {
    const dataDir = tempDir("callboard-data-");
    expect(storedLegsIn(dbFile(dataDir))([A_LEG_UUID]).size).toBe(0);
    const db = openDb(dbFile(dataDir));
    const parsed = parseJsonCdr(fixtureBytes(A_LEG));
    if (!parsed.ok) throw new Error(parsed.error);
    storeCdr(db, parsed);
    db.$client.close();
    expect([...storedLegsIn(dbFile(dataDir))([A_LEG_UUID, CYRILLIC_UUID])]).toEqual([A_LEG_UUID]);
  });
});
