/**
 * The simulator playing mod_json_cdr: every leg that ends is POSTed to a CDR
 * URL as FreeSWITCH does it (raw JSON, `?uuid=<leg uuid>`, a few retries a
 * delay apart, any 2xx counts as delivered). Delivery runs beside the
 * simulation and never throws into it; a CDR that cannot be delivered is
 * reported to `onFailure`, where FreeSWITCH would write it to its error
 * directory.
 */
import { jsonCdrBody } from "./json-cdr.ts";
import type { PbxModel } from "./pbx-model.ts";

export type JsonCdrPosterOptions = {
  /** callboard's ingest endpoint, e.g. http://127.0.0.1:8080/freeswitch/cdr */
  url: string;
  /** Attempts after the first, like json_cdr.conf's `retries`. */
  retries?: number;
  retryDelayMs?: number;
  /** Per attempt, like json_cdr.conf's `timeout`. */
  timeoutMs?: number;
  onFailure?: (uuid: string, reason: string) => void;
  fetch?: typeof fetch;
};

export type JsonCdrPoster = {
  /** Stops posting new legs and abandons pending retries. */
  stop(): void;
  /** Resolves when every CDR posted so far was delivered or given up on. */
  idle(): Promise<void>;
};

export function postJsonCdrs(model: PbxModel, options: JsonCdrPosterOptions): JsonCdrPoster {
  const send = options.fetch ?? fetch;
  const retries = options.retries ?? 3;
  const pending = new Set<Promise<void>>();
  const wakers = new Set<() => void>();
  let stopped = false;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  const attempt = async (uuid: string, body: Uint8Array): Promise<string | undefined> => {
    try {
      const res = await send(`${options.url}?uuid=${encodeURIComponent(uuid)}`, {
        method: "POST",
        // What 1.10.12 sends with the shipped json_cdr.conf (test/fixtures/freeswitch/http/json_cdr-post-*.raw).
        headers: { "user-agent": "freeswitch-json/1.0", accept: "*/*", "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer();
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };

  const deliver = async (uuid: string, body: Uint8Array) => {
    let reason: string | undefined = "not sent";
    for (let n = 0; n <= retries && !stopped; n++) {
      if (n > 0) await pause(options.retryDelayMs ?? 5_000);
      if (stopped) return;
      reason = await attempt(uuid, body);
      if (reason === undefined) return;
    }
    if (!stopped) options.onFailure?.(uuid, reason);
  };

  const unsubscribe = model.onLegEnd((leg) => {
    let body: Uint8Array;
    try {
      body = jsonCdrBody(leg, model.identity);
    } catch (err) {
      options.onFailure?.(leg.uuid, `CDR not built: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const delivery: Promise<void> = deliver(leg.uuid, body)
      .catch(() => undefined)
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  });

  return {
    stop() {
      stopped = true;
      unsubscribe();
      for (const wake of [...wakers]) wake();
    },
    idle: async () => {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
