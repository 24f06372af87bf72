/**
 * One pass over FreeSWITCH's parked CDRs: each settled file is parsed like a
 * POST body and stored through the same store-once-per-leg path, so a file
 * that was also POSTed (or is replayed twice) is one row. A stored file is
 * moved to `stored/`; nothing is ever deleted. A file that is malformed,
 * unreadable or cannot be moved is reported once and remembered by its
 * signature, so it is neither re-logged nor re-stored every pass; when the
 * file changes it is judged again.
 */
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { permissionFix } from "./cdr-spool-dir.ts";
import { judgeParkedFile, tooLarge } from "./parked-cdrs.ts";
import { errorCode, type SpoolPort } from "./spool-files.ts";
import { admitCdrRecordings } from "./recording-intake.ts";
import { storeCdr } from "../db/cdrs.ts";

type Problem = "malformed" | "unreadable" | "unmovable";

/** What one replayer remembers between passes; lost on restart, which costs one repeated log line per file. */
export type ReplayMemory = { files: Map<string, { signature: string; problem: Problem }>; dirProblem?: string };
export const newReplayMemory = (): ReplayMemory => ({ files: new Map() });

export type PassDeps = {
  db: Db;
  log: Logger;
  spool: SpoolPort;
  dir: string;
  /** Recording paths in a parked CDR pass the same checks as a POSTed one's. */
  recordingsDir: string;
  now: () => number;
  stopping?: () => boolean;
};
export type PassSummary = { stored: number; duplicates: number; moved: number; waiting: number; reported: number };

export async function replayParkedCdrs(deps: PassDeps, memory: ReplayMemory): Promise<PassSummary> {
  const { log, spool, dir } = deps;
  const summary: PassSummary = { stored: 0, duplicates: 0, moved: 0, waiting: 0, reported: 0 };
  let entries;
  try {
    entries = await spool.list();
    memory.dirProblem = undefined;
  } catch (err) {
    const code = errorCode(err);
    if (memory.dirProblem !== code) {
      memory.dirProblem = code;
      if (code === "ENOENT") log.info({ dir }, "parked CDR directory does not exist yet (FreeSWITCH creates it when mod_json_cdr loads)");
      else log.warn({ dir, code }, `cannot list parked CDRs: ${permissionFix(dir)}`);
    }
    return summary;
  }
  const report = (name: string, signature: string, problem: Problem, fields: object, message: string) => {
    memory.files.set(name, { signature, problem });
    summary.reported++;
    log.warn({ dir, file: name, ...fields }, message);
  };
  /** `retry`: the failure was reported already; a later try may succeed once the permissions are fixed. */
  const move = async (name: string, signature: string, retry = false) => {
    try {
      await spool.moveToStored(name);
      memory.files.delete(name);
      summary.moved++;
    } catch (err) {
      if (!retry) report(name, signature, "unmovable", { code: errorCode(err) }, `parked CDR stored but not moved to stored/: ${permissionFix(dir)}`);
    }
  };

  const present = new Set(entries.map((e) => e.name));
  for (const name of memory.files.keys()) if (!present.has(name)) memory.files.delete(name);

  for (const entry of entries) {
    if (deps.stopping?.()) break;
    const { name, signature } = entry;
    const known = memory.files.get(name);
    if (known?.signature === signature) {
      // Reported already and unchanged: never stored again, and only a move is worth retrying.
      if (known.problem === "unmovable") await move(name, signature, true);
      continue;
    }
    if (!entry.regular) {
      report(name, signature, "unreadable", {}, "parked CDR is not a regular file: left alone");
      continue;
    }
    if (tooLarge(entry.size)) {
      report(name, signature, "malformed", { bytes: entry.size }, "parked CDR refused: too large (kept)");
      continue;
    }
    let file;
    try {
      file = await spool.read(name);
    } catch (err) {
      const code = errorCode(err);
      if (code !== "ENOENT") report(name, signature, "unreadable", { code }, `parked CDR unreadable: ${permissionFix(dir)}`);
      continue;
    }
    if (file.signature !== signature || file.bytes.length !== entry.size) {
      summary.waiting++;
      continue;
    }
    const verdict = judgeParkedFile({ name, bytes: file.bytes, mtimeMs: file.mtimeMs }, deps.now());
    if (verdict.kind === "wait") {
      summary.waiting++;
      continue;
    }
    if (verdict.kind === "malformed") {
      report(name, signature, "malformed", { error: verdict.error }, "parked CDR refused: malformed (kept; fix or delete it by hand)");
      continue;
    }
    let result;
    try {
      result = storeCdr(deps.db, admitCdrRecordings(verdict.cdr, { recordingsDir: deps.recordingsDir, log }));
    } catch (err) {
      // A full disk or a locked database fails every file alike: one line, and the next pass tries again.
      log.error({ err, dir, file: name }, "parked CDR not stored; will retry next pass");
      break;
    }
    if (result.stored) summary.stored++;
    else summary.duplicates++;
    log.info({ file: name, uuid: verdict.cdr.row.uuid, callUuid: verdict.cdr.row.callUuid, duplicate: !result.stored }, "parked CDR stored");
    await move(name, signature);
  }
  return summary;
}
