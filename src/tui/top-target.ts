import { type Config, localTokenFile } from "../config.ts";

export type TopTarget = { url: string; token: string };
export type TopFlags = { url?: string; token?: string };

export class TopTargetError extends Error {}

/** Where `callboard serve` on this box listens: a wildcard bind is reached over loopback. */
export function localUrl(config: Pick<Config, "http">): string {
  const host = ["0.0.0.0", "::", "[::]", ""].includes(config.http.host) ? "127.0.0.1" : config.http.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.http.port}`;
}

/**
 * Flags win; otherwise, on the PBX box itself, the URL comes from the same
 * environment `serve` reads and the token from the 0600 file it wrote on
 * first start, so `callboard top` needs no flags there.
 */
export function resolveTopTarget(
  flags: TopFlags,
  loadConfig: () => Pick<Config, "http" | "dataDir">,
  readText: (path: string) => string,
): TopTarget {
  const config = flags.url && flags.token ? undefined : loadConfig();
  const url = (flags.url ?? localUrl(config!)).replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new TopTargetError(`--url: must look like http://127.0.0.1:8080, got "${url}"`);
  if (flags.token) return { url, token: flags.token.trim() };
  const file = localTokenFile(config!.dataDir);
  let token: string;
  try {
    token = readText(file).trim();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "EACCES") {
      throw new TopTargetError(`cannot read ${file} (permission denied): run as the user that runs callboard serve, or pass --token`);
    }
    throw new TopTargetError(
      `no token: pass --token, or run on the PBX box where \`callboard serve\` wrote ${file} (CALLBOARD_DATA_DIR=${config!.dataDir})`,
    );
  }
  if (!token) throw new TopTargetError(`${file} is empty: delete it and restart callboard serve, or pass --token`);
  return { url, token };
}
