/**
 * The sounds directory, made ready by `callboard serve`. callboard writes the
 * uploaded WAVs (0640) and FreeSWITCH only reads them, through the group:
 * mode 2750 (setgid: every file keeps the directory's group), group
 * `freeswitch` when the machine has one. Unlike the recordings directory,
 * FreeSWITCH never writes here.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { FREESWITCH, groupId, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";

const SOUNDS_MODE = 0o2750;

export function prepareSoundsDir(config: Pick<Config, "soundsDir">, log: Logger, host: HostFiles = HOST_FILES) {
  const dir = config.soundsDir;
  if (existsSync(dir)) return;
  try {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, SOUNDS_MODE);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    log.warn({ dir, code }, `cannot create the sounds directory, so uploads will fail: mkdir -p ${dir} && chmod 2750 ${dir}`);
    return;
  }
  const gid = groupId(FREESWITCH, host);
  if (gid === undefined) {
    log.info({ dir }, "sounds directory created, mode 2750; no freeswitch group here: FreeSWITCH must run in callboard's group to play uploads");
    return;
  }
  try {
    chownSync(dir, statSync(dir).uid, gid);
    log.info({ dir }, "sounds directory created: group freeswitch, mode 2750");
  } catch {
    log.warn({ dir }, `sounds directory created, but only root or a member of group freeswitch may hand it to that group: sudo chgrp freeswitch ${dir}`);
  }
}
