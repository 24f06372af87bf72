import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { SecretBox } from "../db/secret-box.ts";
import type { EslPort } from "../esl/port.ts";
import type { LiveView } from "../esl/live-types.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics/metrics.ts";

/**
 * Everything a request handler may touch, on any of the three surfaces
 * (api/, xmlcurl/, cdr/); tests pass an in-memory db and the simulator.
 */
export type AppDeps = {
  db: Db;
  config: Config;
  log: Logger;
  esl: EslPort;
  live: LiveView;
  secrets: SecretBox;
  /** Shared with what runs beside the app (the parked-CDR replayer); createHttpApp makes its own when absent. */
  metrics?: Metrics;
  now?: () => number;
};
