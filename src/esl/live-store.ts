import type { Logger } from "../log.ts";
import type { LiveSnapshot, LiveView } from "./live-types.ts";
import type { EslPort } from "./port.ts";

export type LiveStore = LiveView & { stop(): void };

export function createLiveStore(_deps: { esl: EslPort; log: Logger; now?: () => number }): LiveStore {
  const empty: LiveSnapshot = { seq: 0, channels: [], calls: [], registrations: [], gateways: [], status: { esl: "disconnected" } };
  return { snapshot: () => empty, subscribe: () => () => {}, stop: () => {} };
}
