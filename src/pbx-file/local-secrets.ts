import { resolve } from "node:path";

export type SentSecrets = { env: Record<string, string>; file: Record<string, string> };

/**
 * The values of the file's `{ env: NAME }` and `{ file: PATH }` references,
 * read where the CLI runs: its environment, and files relative to the PBX
 * file. What cannot be found is left out, and the server names it by path.
 * A file's trailing newline is not part of the password (`echo pw > file`).
 */
export function readLocalSecrets(raw: unknown, baseDir: string, env: Record<string, string | undefined>, readText: (path: string) => string): SentSecrets {
  const sent: SentSecrets = { env: {}, file: {} };
  const gateways = (raw as { gateways?: unknown } | null)?.gateways;
  if (!Array.isArray(gateways)) return sent;
  for (const gateway of gateways) {
    const ref = (gateway as { password?: unknown } | null)?.password as { env?: unknown; file?: unknown } | undefined;
    if (typeof ref?.env === "string" && env[ref.env] !== undefined) sent.env[ref.env] = env[ref.env]!;
    if (typeof ref?.file === "string") {
      try {
        sent.file[ref.file] = readText(resolve(baseDir, ref.file)).replace(/\r?\n$/, "");
      } catch {
        // Reported by the server as "cannot be read", at the reference's path.
      }
    }
  }
  return sent;
}
