import type { Logger } from "../log.ts";
import { emptyLiveState, type LiveState, pruneExpired, reduceLive, replaceLive, setEslStatus, type Step } from "./live-state.ts";
import type { LiveChange, LiveSnapshot, LiveView } from "./live-types.ts";
import { DEFAULT_COMMAND_TIMEOUT_MS, type EslEvent, type EslPort } from "./port.ts";
import { fetchLiveState } from "./resync.ts";

export type LiveStore = LiveView & {
  stop(): void;
  /** Resolves when the resync in flight (if any) has been applied; tests and `doctor` wait on it. */
  settled(): Promise<void>;
};

export type LiveStoreOptions = {
  esl: EslPort;
  log: Logger;
  now?: () => number;
  pruneEveryMs?: number;
  resyncRetryMs?: number;
  commandTimeoutMs?: number;
};

/** Events that arrive while a resync is in flight wait here; past this many, the resync is redone. */
const MAX_BUFFERED_EVENTS = 10_000;

/**
 * Holds the live state: events go through the pure reducer, every
 * (re)connect replaces the state from FreeSWITCH's own tables, and each
 * change is handed to subscribers with a sequence number. Subscribers are
 * called synchronously and nothing queues here: a slow consumer (a WebSocket)
 * bounds its own buffer.
 */
export function createLiveStore(options: LiveStoreOptions): LiveStore {
  const { esl, log } = options;
  const now = options.now ?? Date.now;
  let state: LiveState = emptyLiveState(esl.status());
  let seq = 0;
  let cached: LiveSnapshot | undefined;
  const listeners = new Set<(change: LiveChange) => void>();
  let buffered: EslEvent[] | undefined;
  let overflowed = false;
  let inFlight: Promise<void> = Promise.resolve();
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const apply = (step: Step) => {
    state = step.state;
    if (step.changes.length === 0) return;
    cached = undefined;
    for (const body of step.changes) {
      const change = { ...body, seq: ++seq } as LiveChange;
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (err) {
          log.error({ err }, "live state subscriber failed");
        }
      }
    }
  };

  const onEvent = (event: EslEvent) => {
    if (buffered) {
      if (buffered.length < MAX_BUFFERED_EVENTS) buffered.push(event);
      else overflowed = true;
      return;
    }
    apply(reduceLive(state, event, now()));
  };

  const resync = () => {
    if (retry) clearTimeout(retry);
    retry = undefined;
    buffered = [];
    overflowed = false;
    const started = now();
    inFlight = fetchLiveState(esl, state, now, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS).then((result) => {
      const pending = buffered ?? [];
      buffered = undefined;
      if (stopped) return;
      if (result.ok) {
        apply(replaceLive(state, result.next));
        log.info({ ms: now() - started, channels: state.channels.size, registrations: state.registrations.size }, "live state resynced");
      } else {
        log.warn({ reason: result.message }, "live state resync failed; retrying");
      }
      for (const event of pending) apply(reduceLive(state, event, now()));
      if ((!result.ok || overflowed) && esl.status() === "connected") {
        retry = setTimeout(resync, result.ok ? 0 : (options.resyncRetryMs ?? 2000));
      }
    });
  };

  const offEvent = esl.onEvent(onEvent);
  const offStatus = esl.onStatus((status) => {
    apply(setEslStatus(state, status, now()));
    if (status === "connected") resync();
  });
  if (esl.status() === "connected") resync();
  const pruner = setInterval(() => apply(pruneExpired(state, now())), options.pruneEveryMs ?? 5000);
  pruner.unref?.();

  return {
    snapshot() {
      cached ??= {
        seq,
        channels: [...state.channels.values()],
        calls: [...state.calls.values()],
        registrations: [...state.registrations.values()],
        gateways: [...state.gateways.values()],
        queueCallers: [...state.queueCallers.values()],
        queueAgents: [...state.queueAgents.values()],
        status: state.status,
      };
      return cached;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: () => inFlight,
    stop() {
      stopped = true;
      offEvent();
      offStatus();
      clearInterval(pruner);
      if (retry) clearTimeout(retry);
      listeners.clear();
    },
  };
}
