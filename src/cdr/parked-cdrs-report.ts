/**
 * `callboard doctor`'s look at the parked-CDR directory: whether callboard
 * can work in it, and which files the replay cannot take by itself
 * (malformed, unreadable, or stored but not moved out for lack of
 * permission). Reads only; never stores, moves or deletes.
 */
import { constants, existsSync } from "node:fs";
import { access } from "node:fs/promises";
import { userInfo } from "node:os";
import { inArray } from "drizzle-orm";
import type { Config } from "../config.ts";
import { openDbReadOnly } from "../db/client.ts";
import { cdrs } from "../db/schema.ts";
import { chooseSpoolDir, permissionFix } from "./cdr-spool-dir.ts";
import { judgeParkedFile, parkedUuid } from "./parked-cdrs.ts";
import { errorCode, isDirectory, spoolFiles } from "./spool-files.ts";

export type ParkedCdrsCheck = { status: "ok" | "warn" | "fail"; check: "parked cdrs"; detail: string };

const CHECK = "parked cdrs";
const canAccess = (path: string, mode: number) => access(path, mode).then(() => true, () => false);
const some = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", "));

/** The leg uuids among `uuids` that callboard's database already holds; none when there is no database yet. Read-only. */
export function storedLegsIn(dbPath: string | undefined): (uuids: string[]) => Set<string> {
  return (uuids) => {
    if (!dbPath || !existsSync(dbPath) || uuids.length === 0) return new Set();
    const db = openDbReadOnly(dbPath);
    const found = new Set<string>();
    try {
      // In slices: SQLite caps the number of bound values in one statement.
      for (let i = 0; i < uuids.length; i += 500) {
        const slice = uuids.slice(i, i + 500);
        for (const r of db.select({ uuid: cdrs.uuid }).from(cdrs).where(inArray(cdrs.uuid, slice)).all()) found.add(r.uuid);
      }
      return found;
    } finally {
      db.$client.close();
    }
  };
}

export async function checkParkedCdrs(
  config: Pick<Config, "cdrSpool">,
  storedLegs: (uuids: string[]) => Set<string>,
  now = Date.now(),
): Promise<ParkedCdrsCheck> {
  const result = (status: ParkedCdrsCheck["status"], detail: string): ParkedCdrsCheck => ({ status, check: CHECK, detail });
  const choice = chooseSpoolDir(config.cdrSpool.dir, isDirectory);
  if (choice.dir === undefined) {
    return result("warn", `no json_cdr_errors directory in ${choice.looked.join(" or ")}: CDRs FreeSWITCH parks are not replayed; set CALLBOARD_CDR_SPOOL_DIR to json_cdr.conf's err-log-dir`);
  }
  const dir = choice.dir;
  if (!isDirectory(dir)) return result("warn", `${dir} does not exist yet (FreeSWITCH creates it when mod_json_cdr loads); CALLBOARD_CDR_SPOOL_DIR must be json_cdr.conf's err-log-dir`);
  const user = userInfo().username;
  if (!(await canAccess(dir, constants.R_OK | constants.X_OK))) return result("fail", `${user} cannot read ${dir}, so parked CDRs are never replayed: ${permissionFix(dir)}`);

  const spool = spoolFiles(dir);
  let entries;
  try {
    entries = await spool.list();
  } catch (err) {
    return result("fail", `cannot list ${dir} (${errorCode(err)}): ${permissionFix(dir)}`);
  }
  const stored = storedLegs(entries.map((e) => parkedUuid(e.name)!));
  const stuck: string[] = [];
  const malformed: string[] = [];
  const unreadable: string[] = [];
  let waiting = 0;
  for (const entry of entries) {
    if (stored.has(parkedUuid(entry.name)!)) stuck.push(entry.name);
    else if (!entry.regular) unreadable.push(`${entry.name} (not a regular file)`);
    else {
      const verdict = await spool.read(entry.name).then(
        (file) => judgeParkedFile({ name: entry.name, bytes: file.bytes, mtimeMs: file.mtimeMs }, now),
        (err) => ({ kind: "unreadable" as const, error: errorCode(err) }),
      );
      if (verdict.kind === "malformed") malformed.push(`${entry.name} (${verdict.error})`);
      else if (verdict.kind === "unreadable") unreadable.push(`${entry.name} (${verdict.error})`);
      else waiting++;
    }
  }

  const problems: string[] = [];
  if (malformed.length) problems.push(`${malformed.length} malformed, kept for you to fix or delete: ${some(malformed)}`);
  if (unreadable.length) problems.push(`${unreadable.length} unreadable: ${some(unreadable)}: ${permissionFix(dir)}`);
  if (stuck.length) problems.push(`${stuck.length} already stored but not moved to stored/: ${some(stuck)}: ${permissionFix(dir)}`);
  else if (!(await canAccess(dir, constants.W_OK))) problems.push(`${user} cannot move replayed files out of ${dir}: ${permissionFix(dir)}`);
  const pending = waiting ? `${waiting} parked CDR(s) waiting for the next replay` : "no parked CDRs waiting";
  return result(problems.length ? "warn" : "ok", `${dir}: ${[pending, ...problems].join("; ")}`);
}
