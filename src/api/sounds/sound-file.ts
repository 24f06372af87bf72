/**
 * The sounds directory on disk. callboard writes each file, FreeSWITCH
 * (another user) only reads it: files are 0640 and the directory is setgid
 * to FreeSWITCH's group (src/cli/sounds-dir.ts), so its user reads them
 * through the group. A file is written beside its final name and renamed
 * into place, so FreeSWITCH never plays half an upload.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SOUND_NAME } from "../../pbx/safe-values.ts";

export const soundPath = (dir: string, name: string) => {
  if (!SOUND_NAME.test(name)) throw new Error(`not a sound name: ${name}`);
  return join(dir, `${name}.wav`);
};

/** Writes the bytes to a temporary name; `commit` moves them into place, `discard` removes them. */
export async function stageSound(dir: string, name: string, bytes: Uint8Array) {
  await mkdir(dir, { recursive: true });
  const staged = join(dir, `.${name}.${randomBytes(6).toString("hex")}.upload`);
  await writeFile(staged, bytes, { mode: 0o640 });
  // The umask may have taken the group's read bit; FreeSWITCH reads through it.
  await chmod(staged, 0o640);
  return {
    commit: () => rename(staged, soundPath(dir, name)),
    discard: () => rm(staged, { force: true }),
  };
}

export const removeSound = (dir: string, name: string) => rm(soundPath(dir, name), { force: true });

/** The file operations the sounds router uses; a test may slow one down to show two requests cannot interleave. */
export type SoundFiles = { stage: typeof stageSound; remove: typeof removeSound };
export const diskSoundFiles: SoundFiles = { stage: stageSound, remove: removeSound };
