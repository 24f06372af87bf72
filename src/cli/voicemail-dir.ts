/**
 * The voicemail dir, made ready by `callboard serve` as the recordings dir
 * is (mode 2770, group freeswitch): FreeSWITCH writes the messages under
 * `messages/` and reads the greetings callboard writes under `greetings/`.
 */
import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { FREESWITCH, groupId, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";
import { createSharedDir } from "./recordings-dir.ts";

export function prepareVoicemailDir(config: Pick<Config, "voicemail">, log: Logger, host: HostFiles = HOST_FILES) {
  const gid = groupId(FREESWITCH, host);
  const { dir, messages, greetings } = config.voicemail;
  for (const [path, what] of [[dir, "voicemail directory"], [messages, "voicemail messages directory"], [greetings, "voicemail greetings directory"]] as const) {
    if (!existsSync(path)) createSharedDir(path, gid, log, what);
  }
}
