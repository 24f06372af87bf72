import type { AppDeps } from "../api/deps.ts";
import { startRecordingTracker } from "../cdr/recording-tracker.ts";
import { createLiveStore } from "../esl/live-store.ts";
import type { LiveView } from "../esl/live-types.ts";
import { startServer, type RunningServer } from "./server.ts";

export type Services = { server: RunningServer; live: LiveView; stop(): Promise<void> };

/**
 * Everything that hangs off one ESL connection: the live store, the
 * recording tracker and the HTTP server. `serve` and `demo` differ only in
 * what ESL they pass and how they decorate the live view.
 */
export function startServices(
  deps: Omit<AppDeps, "live">,
  decorate: (live: LiveView) => LiveView = (live) => live,
): Services {
  const store = createLiveStore({ esl: deps.esl, log: deps.log });
  const stopRecordings = startRecordingTracker({ db: deps.db, esl: deps.esl, log: deps.log, recordingsDir: deps.config.recordingsDir });
  const live = decorate(store);
  const server = startServer({ ...deps, live });
  return {
    server,
    live,
    stop: async () => {
      stopRecordings();
      store.stop();
      deps.esl.close();
      await server.stop();
    },
  };
}
