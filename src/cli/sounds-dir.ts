/**
 * The sounds directory, made ready by `callboard serve`. callboard writes the
 * uploaded WAVs (0640) and FreeSWITCH only reads them, through the group:
 * mode 2750 (setgid: every file keeps the directory's group), group
 * `freeswitch` when the machine has one. Unlike the recordings directory,
 * FreeSWITCH never writes here.
 */
import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { FREESWITCH, groupId, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";
import { createSharedDir } from "./recordings-dir.ts";

const SOUNDS_MODE = 0o2750;

export function prepareSoundsDir(config: Pick<Config, "soundsDir">, log: Logger, host: HostFiles = HOST_FILES) {
  const dir = config.soundsDir;
  if (!existsSync(dir)) createSharedDir(dir, groupId(FREESWITCH, host), log, "sounds directory", SOUNDS_MODE);
}
