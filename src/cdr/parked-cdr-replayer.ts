/**
 * Replays the CDRs FreeSWITCH parked while callboard was away: a pass on
 * start, then one every `intervalMs` after the previous pass ended (passes
 * never overlap, however long a backlog takes).
 */
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { chooseSpoolDir } from "./cdr-spool-dir.ts";
import { newReplayMemory, replayParkedCdrs } from "./replay-parked-cdrs.ts";
import { isDirectory, spoolFiles } from "./spool-files.ts";

export type ParkedCdrReplayer = { stop(): Promise<void> };

export type ReplayerDeps = { db: Db; log: Logger; config: Pick<Config, "cdrSpool" | "recordingsDir">; metrics?: Pick<Metrics, "cdrsReplayed"> };

export function startParkedCdrReplayer(deps: ReplayerDeps): ParkedCdrReplayer {
  const { log, config } = deps;
  const choice = chooseSpoolDir(config.cdrSpool.dir, isDirectory);
  if (choice.dir === undefined) {
    log.info({ looked: choice.looked }, "no FreeSWITCH json_cdr_errors directory: parked CDRs are not replayed (set CALLBOARD_CDR_SPOOL_DIR)");
    return { stop: async () => {} };
  }
  const dir = choice.dir;
  const passDeps = { db: deps.db, log, dir, recordingsDir: config.recordingsDir, spool: spoolFiles(dir), now: Date.now, stopping: () => stopped };
  const memory = newReplayMemory();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    try {
      const s = await replayParkedCdrs(passDeps, memory);
      deps.metrics?.cdrsReplayed(s.stored, s.duplicates);
      if (s.stored + s.duplicates > 0) log.info({ dir, ...s }, "parked CDRs replayed");
    } catch (err) {
      log.error({ err, dir }, "parked CDR pass failed; will retry");
    }
  };
  const loop = () => {
    running = pass().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(loop, config.cdrSpool.intervalMs);
    });
  };

  log.info({ dir, everySeconds: config.cdrSpool.intervalMs / 1000 }, "replaying CDRs FreeSWITCH parked");
  loop();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
