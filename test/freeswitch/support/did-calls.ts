/** The newest call to a DID, read back from callboard's CDRs, with what FreeSWITCH logged for its legs. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../../support/until.ts";
import type { Tier } from "./tier.ts";

export type DidCdr = { uuid: string; callUuid: string; leg: string; extension: string | null; did: string | null; hangupCause: string; billSeconds: number };

/**
 * Each call is returned once: `newestCall` waits for the first call to `did`
 * not returned before to have `n` legs stored. With the environment variable
 * `logDirVariable` set to a directory, the call's FreeSWITCH log lines are
 * written there as `<name>.log` (the lines quoted in docs and closing notes).
 */
export function didCalls(tier: () => Tier, logDirVariable: string) {
  const seen = new Set<string>();
  return async function newestCall(did: string, n: number, name: string, timeoutMs = 20_000) {
    let legs: DidCdr[] = [];
    await until(`${n} CDRs of a new call to ${did}`, async () => {
      const all = (await tier().cb.api<{ items: DidCdr[] }>("GET", "/cdrs?limit=500")).body.items;
      const a = all.find((c) => c.did === did && c.leg === "a" && !seen.has(c.callUuid));
      legs = a ? all.filter((c) => c.callUuid === a.callUuid) : [];
      return legs.length >= n;
    }, timeoutMs);
    const a = legs.find((l) => l.leg === "a")!;
    seen.add(a.callUuid);
    const logged = tier()
      .fs.log()
      .split("\n")
      .filter((l) => legs.some((leg) => l.includes(leg.uuid)));
    const dir = process.env[logDirVariable];
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.log`), `${logged.join("\n")}\n`);
    }
    return { a, b: legs.filter((l) => l.leg === "b"), logged: logged.join("\n") };
  };
}
