/** What a recordings directory may contain: FreeSWITCH expands `$`, braces and friends in app data. */
const SAFE_DIR = /^\/[A-Za-z0-9._/-]*$/;
const CHANNEL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const two = (n: number) => String(n).padStart(2, "0");

/**
 * `<dir>/YYYY/MM/DD/<uuid>.wav`, dated in the server's local time (what an
 * admin browsing the folders expects). callboard computes it because
 * api-expansion is off, so `${strftime(...)}` cannot run inside FreeSWITCH.
 * Returns undefined when the directory or the uuid would not be safe as app data.
 */
export function recordingPath(dir: string, uuid: string, at: Date): string | undefined {
  const base = dir.replace(/\/+$/, "");
  if (!SAFE_DIR.test(base) || base.includes("..") || !CHANNEL_UUID.test(uuid)) return undefined;
  const day = `${at.getFullYear()}/${two(at.getMonth() + 1)}/${two(at.getDate())}`;
  return `${base}/${day}/${uuid.toLowerCase()}.wav`;
}
