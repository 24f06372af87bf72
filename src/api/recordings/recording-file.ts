/**
 * Where a registered recording really is on disk, and whether callboard may
 * touch it. Paths come from FreeSWITCH (events, CDRs), so a path that
 * resolves outside the recordings directory — `..`, or a symlink pointing
 * elsewhere — is never served or deleted, and a stored path no file can have
 * (a NUL, from a row older than the ingest check) never reaches the file system.
 */
import { realpath, stat, unlink } from "node:fs/promises";
import { extname, sep } from "node:path";
import { unusablePath } from "../../pbx/recording-path.ts";

/** `invalid`: the stored path cannot name a file; `denied`: the file system refuses callboard's user. */
export type FileProblem = "missing" | "outside" | "invalid" | "denied";
export type LocatedFile = { ok: true; realPath: string; size: number } | { ok: false; reason: FileProblem };

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** What a failed file system call means for the client; undefined: a real fault (EIO…), left to the 500 path. */
function problemOf(err: unknown): FileProblem | undefined {
  const code = errorCode(err);
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "ENAMETOOLONG") return "missing";
  if (code === "EACCES" || code === "EPERM") return "denied";
  return undefined;
}

export async function locateRecording(path: string, recordingsDir: string): Promise<LocatedFile> {
  if (unusablePath(path)) return { ok: false, reason: "invalid" };
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const reason = problemOf(err);
    if (reason) return { ok: false, reason };
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
export async function removeRecordingFile(path: string, recordingsDir: string): Promise<"removed" | FileProblem> {
  const located = await locateRecording(path, recordingsDir);
  if (!located.ok) return located.reason;
  try {
    await unlink(located.realPath);
  } catch (err) {
    const reason = problemOf(err);
    if (reason) return reason;
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
