/** What a recordings directory may contain: FreeSWITCH expands `$`, braces and friends in app data. */
const SAFE_DIR = /^\/[A-Za-z0-9._/-]*$/;
const CHANNEL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** C0, DEL and C1: no file FreeSWITCH is told to write has them, and a NUL makes every fs call throw. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Linux PATH_MAX, in bytes. */
const MAX_PATH_BYTES = 4096;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY/MM/DD` in the server's local time: the folder a recording made at `at` goes into. */
export function datedFolder(at: Date): string {
  return `${at.getFullYear()}/${pad(at.getMonth() + 1)}/${pad(at.getDate())}`;
}

/**
 * `<dir>/YYYY/MM/DD/HHMMSS.mmm-<uuid>.wav`, in the server's local time (what
 * an admin browsing the folders expects; files sort by time of day). The time
 * is part of the name because one leg can be recorded more than once (the
 * dialplan, then a stop and start over the API), and `uuid_record … start`
 * truncates an existing file. callboard computes it because api-expansion is
 * off, so `${strftime(...)}` cannot run inside FreeSWITCH.
 * Returns undefined when the directory or the uuid would not be safe as app data.
 */
export function recordingPath(dir: string, uuid: string, at: Date): string | undefined {
  const base = dir.replace(/\/+$/, "");
  if (!SAFE_DIR.test(base) || base.includes("..") || !CHANNEL_UUID.test(uuid)) return undefined;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${base}/${datedFolder(at)}/${time}-${uuid.toLowerCase()}.wav`;
}

/**
 * Why a stored path can never name a file callboard may open, or undefined
 * when it can. Rows written before paths were vetted at ingest can hold such
 * paths, so the API asks this before any file system call.
 */
export function unusablePath(path: string): string | undefined {
  if (!path.startsWith("/")) return "not an absolute path";
  if (CONTROL.test(path)) return "holds a NUL or another control character";
  if (!path.isWellFormed()) return "is not well-formed Unicode";
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return `is longer than ${MAX_PATH_BYTES} bytes`;
  return undefined;
}

/**
 * Whether a path FreeSWITCH reported (RECORD_STOP, a CDR's app log) may be
 * registered as a recording: usable, and lexically inside the recordings
 * directory. Symlinks are judged again, by real path, when the file is served.
 */
export function vetRecordingPath(path: string, recordingsDir: string): { ok: true } | { ok: false; reason: string } {
  const unusable = unusablePath(path);
  if (unusable) return { ok: false, reason: unusable };
  if (path.split("/").some((part) => part === "." || part === "..")) return { ok: false, reason: "has . or .. segments" };
  const root = recordingsDir.replace(/\/+$/, "");
  if (!path.startsWith(`${root}/`) || path.length === root.length + 1) {
    return { ok: false, reason: `is outside the recordings directory ${root}` };
  }
  return { ok: true };
}
