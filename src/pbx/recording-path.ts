/** What a recordings directory may contain: FreeSWITCH expands `$`, braces and friends in app data. */
const SAFE_DIR = /^\/[A-Za-z0-9._/-]*$/;
const CHANNEL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

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
  const day = `${at.getFullYear()}/${pad(at.getMonth() + 1)}/${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${base}/${day}/${time}-${uuid.toLowerCase()}.wav`;
}
