import type { AppDeps } from "../api/deps.ts";
import { startParkedCdrReplayer } from "../cdr/parked-cdr-replayer.ts";
import { startRecordingTracker } from "../cdr/recording-tracker.ts";
import { createLiveStore } from "../esl/live-store.ts";
import type { LiveView } from "../esl/live-types.ts";
import { startServer, type RunningServer } from "./server.ts";

export type Services = { server: RunningServer; live: LiveView; stop(): Promise<void> };

/**
 * Everything that hangs off one ESL connection: the live store, the
 * recording tracker and the HTTP server, plus the replay of the CDRs
 * FreeSWITCH parked. `serve` and `demo` differ only in what ESL and config
 * they pass.
 */
export function startServices(deps: Omit<AppDeps, "live">): Services {
  const live = createLiveStore({ esl: deps.esl, log: deps.log });
  const stopRecordings = startRecordingTracker({ db: deps.db, esl: deps.esl, log: deps.log, recordingsDir: deps.config.recordingsDir });
  const server = startServer({ ...deps, live });
  const replayer = startParkedCdrReplayer(deps);
  return {
    server,
    live,
    stop: async () => {
      stopRecordings();
      await replayer.stop();
      live.stop();
      deps.esl.close();
      await server.stop();
    },
  };
}
