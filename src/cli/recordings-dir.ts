/**
 * The recordings directory, made ready by `callboard serve`. FreeSWITCH
 * writes there as its own user and callboard reads and deletes there, so the
 * two share it through a group: mode 2770 (setgid: everything made below
 * keeps the group), group `freeswitch` when the machine has one.
 *
 * Today's and tomorrow's dated folders are made ahead, hourly, because a
 * folder FreeSWITCH makes itself is 0750 (switch_dir_make_recursive with
 * SWITCH_DEFAULT_DIR_PERMS): callboard could read but never delete in it.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { datedFolder } from "../pbx/recording-path.ts";
import { FREESWITCH, groupId, groupName, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";

const SHARED = 0o2770;
const HOUR_MS = 3_600_000;

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

/** mkdir's mode passes through the umask and cannot set setgid: chmod says it exactly. */
function makeShared(path: string, recursive = false, mode = SHARED) {
  mkdirSync(path, { recursive });
  chmodSync(path, mode);
}

/**
 * Makes `dir` and hands it to group freeswitch when there is one; `what`
 * names it in the log. `mode`: 2770 where FreeSWITCH writes (recordings,
 * voicemail), 2750 where it only reads (sounds).
 */
export function createSharedDir(dir: string, gid: number | undefined, log: Logger, what = "recordings directory", mode = SHARED) {
  const octal = mode.toString(8);
  try {
    makeShared(dir, true, mode);
  } catch (err) {
    log.warn({ dir, code: codeOf(err) }, `cannot create the ${what}, so FreeSWITCH cannot use it: mkdir -p ${dir} && chmod ${octal} ${dir}`);
    return;
  }
  if (gid === undefined) {
    log.info({ dir }, `${what} created, mode ${octal}; no freeswitch group here: FreeSWITCH must run in callboard's group`);
    return;
  }
  try {
    chownSync(dir, statSync(dir).uid, gid);
    log.info({ dir }, `${what} created: group freeswitch, mode ${octal}`);
  } catch {
    log.warn({ dir }, `${what} created, but only root or a member of group freeswitch may hand it to that group: sudo chgrp freeswitch ${dir}`);
  }
}

/** callboard reads FreeSWITCH's files (0640 under FreeSWITCH's usual umask) through the directory's group. */
function warnUnlessInGroup(dir: string, host: HostFiles, log: Logger) {
  if (process.getuid?.() === 0 || !existsSync(dir)) return;
  const gid = statSync(dir).gid;
  if (gid === process.getegid?.() || process.getgroups?.().includes(gid)) return;
  const name = groupName(gid, host);
  const user = userInfo().username;
  log.warn({ dir, group: name }, `callboard's user is not in the recordings directory's group, so it cannot read FreeSWITCH's recordings: sudo usermod -aG ${name} ${user}, then restart callboard`);
}

/** Makes the folders recordings made on `at`'s day and the next will go into. */
export function ensureDatedFolders(dir: string, at: Date, log: Logger) {
  const tomorrow = new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
  for (const day of [at, tomorrow]) {
    let path = dir;
    for (const level of datedFolder(day).split("/")) {
      path = join(path, level);
      if (existsSync(path)) continue;
      try {
        makeShared(path);
      } catch (err) {
        if (codeOf(err) === "EEXIST") continue;
        log.warn({ dir: path, code: codeOf(err) }, "cannot make the dated recordings folder ahead of FreeSWITCH: it will make one callboard cannot delete in");
        return;
      }
    }
  }
}

/** Run at start; returns the stop for the hourly dated-folder keeper. */
export function prepareRecordingsDir(
  config: Pick<Config, "recordingsDir" | "recordingsInDataDir">,
  log: Logger,
  host: HostFiles = HOST_FILES,
  now: () => Date = () => new Date(),
): () => void {
  const dir = config.recordingsDir;
  if (config.recordingsInDataDir) {
    log.warn({ dir }, "recordings stay in the data dir, where earlier recordings are: FreeSWITCH can write there only as callboard's own user (docs/recordings.md says how to move them)");
  }
  if (!existsSync(dir)) createSharedDir(dir, groupId(FREESWITCH, host), log);
  warnUnlessInGroup(dir, host, log);
  ensureDatedFolders(dir, now(), log);
  const timer = setInterval(() => ensureDatedFolders(dir, now(), log), HOUR_MS);
  return () => clearInterval(timer);
}
