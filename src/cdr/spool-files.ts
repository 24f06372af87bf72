/**
 * The file-system edge of the parked-CDR replay: list, read and move the
 * files of one spool directory. Tests swap it for a failing one.
 */
import { constants, type Stats, statSync } from "node:fs";
import { lstat, mkdir, open, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { STORED_SUBDIR } from "./cdr-spool-dir.ts";
import { PARKED_FILE } from "./parked-cdrs.ts";

/** `signature` changes whenever the file is rewritten or replaced. */
export type SpoolEntry = { name: string; signature: string; size: number; mtimeMs: number; regular: boolean };
export type SpoolFile = { bytes: Uint8Array; signature: string; mtimeMs: number };

export type SpoolPort = {
  /** The parked files, oldest first. Throws when the directory cannot be listed. */
  list(): Promise<SpoolEntry[]>;
  read(name: string): Promise<SpoolFile>;
  moveToStored(name: string): Promise<void>;
};

const signature = (st: Stats) => `${st.ino}:${st.size}:${st.mtimeMs}`;
export const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
export const errorCode = (err: unknown) => (err as { code?: string }).code ?? (err as Error).message;

export function spoolFiles(dir: string): SpoolPort {
  return {
    async list() {
      const entries: SpoolEntry[] = [];
      for (const name of await readdir(dir)) {
        if (!PARKED_FILE.test(name)) continue;
        try {
          const st = await lstat(join(dir, name));
          entries.push({ name, signature: signature(st), size: st.size, mtimeMs: st.mtimeMs, regular: st.isFile() });
        } catch (err) {
          if (errorCode(err) !== "ENOENT") throw err;
        }
      }
      return entries.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    },
    async read(name) {
      // Never through a symlink: the directory is writable by FreeSWITCH, the file it names need not be ours to read.
      const handle = await open(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const st = await handle.stat();
        return { bytes: new Uint8Array(await handle.readFile()), signature: signature(st), mtimeMs: st.mtimeMs };
      } finally {
        await handle.close();
      }
    },
    async moveToStored(name) {
      await mkdir(join(dir, STORED_SUBDIR), { recursive: true });
      await rename(join(dir, name), join(dir, STORED_SUBDIR, name));
    },
  };
}
