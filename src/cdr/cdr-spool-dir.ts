/**
 * The directory mod_json_cdr parks undeliverable CDRs in (json_cdr.conf
 * `err-log-dir`, which our conf sets to `json_cdr_errors` under
 * FreeSWITCH's log dir), and what callboard needs to work in it.
 */

/** The log dir of packaged FreeSWITCH, then of a source build (its --prefix default). */
export const DEFAULT_SPOOL_DIRS = ["/var/log/freeswitch/json_cdr_errors", "/usr/local/freeswitch/log/json_cdr_errors"];

/** Where stored files go: out of FreeSWITCH's way, kept for an admin to inspect or delete. */
export const STORED_SUBDIR = "stored";

export type SpoolDirChoice = { dir: string } | { dir: undefined; looked: string[] };

/** An explicit CALLBOARD_CDR_SPOOL_DIR is used even before FreeSWITCH creates it; a default only if it exists. */
export function chooseSpoolDir(configured: string | undefined, isDirectory: (path: string) => boolean): SpoolDirChoice {
  if (configured) return { dir: configured };
  const found = DEFAULT_SPOOL_DIRS.find(isDirectory);
  return found ? { dir: found } : { dir: undefined, looked: DEFAULT_SPOOL_DIRS };
}

/** FreeSWITCH makes the directory 0750 and its files 0666 & ~umask, owned by `freeswitch`. */
export const permissionFix = (dir: string) =>
  `FreeSWITCH writes there as "freeswitch": add callboard's user to the freeswitch group (usermod -aG freeswitch <user>) and run chmod g+rwx ${dir}`;
