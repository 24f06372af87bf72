/**
 * What to do with one file mod_json_cdr parked. Pure: the caller reads the
 * file and the clock. mod_json_cdr writes `<uuid>.cdr.json` (or
 * `a_<uuid>.cdr.json` with prefix-a-leg) with O_TRUNC, then the document in
 * as many write()s as it takes, then one "\n"; a file caught in between
 * must wait for the next pass, not be judged malformed.
 */
import { MAX_CDR_BYTES } from "./ingest-router.ts";
import { type ParsedCdr, parseJsonCdr } from "./parse-json-cdr.ts";

export const PARKED_FILE = /^(?:a_)?([A-Za-z0-9-]{1,64})\.cdr\.json$/;

/** A file this fresh may still be growing. */
export const SETTLE_MS = 2_000;
/** A file with no final newline this long after its last write will not get one: FreeSWITCH stopped mid-write. */
export const INCOMPLETE_AFTER_MS = 60_000;

export type ParkedFile = { name: string; bytes: Uint8Array; mtimeMs: number };

export type ParkedVerdict =
  | { kind: "wait"; reason: string }
  | { kind: "cdr"; cdr: ParsedCdr }
  | { kind: "malformed"; error: string };

export const parkedUuid = (name: string) => PARKED_FILE.exec(name)?.[1];

export const tooLarge = (size: number) => size > MAX_CDR_BYTES;

export function judgeParkedFile(file: ParkedFile, nowMs: number): ParkedVerdict {
  const uuid = parkedUuid(file.name);
  if (!uuid) return { kind: "malformed", error: "not named <uuid>.cdr.json" };
  const age = nowMs - file.mtimeMs;
  if (age < SETTLE_MS) return { kind: "wait", reason: "written in the last 2 s" };
  if (tooLarge(file.bytes.length)) return { kind: "malformed", error: `over ${MAX_CDR_BYTES} bytes` };
  if (file.bytes.at(-1) !== 0x0a) {
    if (age < INCOMPLETE_AFTER_MS) return { kind: "wait", reason: "no final newline yet" };
    return { kind: "malformed", error: "incomplete: no final newline (FreeSWITCH stopped while writing it?)" };
  }
  // Without the newline FreeSWITCH added, the raw body is what it would have POSTed.
  const parsed = parseJsonCdr(file.bytes.subarray(0, -1));
  if (!parsed.ok) return { kind: "malformed", error: parsed.error };
  if (parsed.row.uuid !== uuid) return { kind: "malformed", error: `file name says ${uuid}, variables.uuid says ${parsed.row.uuid}` };
  return { kind: "cdr", cdr: parsed };
}
