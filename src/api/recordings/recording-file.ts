/**
 * Where a registered recording really is on disk, and whether callboard may
 * touch it. Paths come from FreeSWITCH (events, CDRs), so a path that
 * resolves outside the recordings directory — `..`, or a symlink pointing
 * elsewhere — is never served or deleted.
 */
import { realpath, stat, unlink } from "node:fs/promises";
import { extname, sep } from "node:path";

export type LocatedFile = { ok: true; realPath: string; size: number } | { ok: false; reason: "missing" | "outside" };

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

export async function locateRecording(path: string, recordingsDir: string): Promise<LocatedFile> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    if (errorCode(err) === "ENOENT" || errorCode(err) === "ENOTDIR") return { ok: false, reason: "missing" };
    throw err;
  }
  let root: string;
  try {
    root = await realpath(recordingsDir);
  } catch {
    return { ok: false, reason: "outside" };
  }
  if (!real.startsWith(root.endsWith(sep) ? root : root + sep)) return { ok: false, reason: "outside" };
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, reason: "missing" };
  return { ok: true, realPath: real, size: info.size };
}

/** Removes the file if it is ours to remove; says what happened either way. */
export async function removeRecordingFile(path: string, recordingsDir: string): Promise<"removed" | "missing" | "outside"> {
  const located = await locateRecording(path, recordingsDir);
  if (!located.ok) return located.reason;
  try {
    await unlink(located.realPath);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return "missing";
    throw err;
  }
  return "removed";
}

const AUDIO_TYPES: Record<string, string> = {
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".opus": "audio/ogg",
};

export const audioContentType = (path: string) => AUDIO_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
