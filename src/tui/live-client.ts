import type { StreamMessage } from "./api-types.ts";
import type { Connection, TuiStore } from "./store.ts";

/** The part of a WebSocket the client uses; tests pass a fake. */
export type StreamSocket = {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
};

export type LiveClientOptions = {
  url: string;
  token: string;
  store: TuiStore;
  openSocket?: (url: string, token: string) => StreamSocket;
  /** Why the stream could not be opened, in words for the header. */
  diagnose?: () => Promise<Exclude<Connection, { state: "connected" | "connecting" }>>;
  backoff?: { initialMs: number; maxMs: number };
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

export const eventsUrl = (base: string) => `${base.replace(/\/+$/, "").replace(/^http/, "ws")}/api/v1/events`;

// Bun's WebSocket takes headers, so the token never appears in a URL or a log line.
const bunSocket = (url: string, token: string) =>
  new WebSocket(eventsUrl(url), { headers: { authorization: `Bearer ${token}` } } as unknown as string[]) as unknown as StreamSocket;

/** Asks plain HTTP what went wrong: nobody listening, a refused token, or only the stream failing. */
export function httpDiagnosis(url: string, token: string, doFetch: typeof fetch = fetch) {
  return async (): Promise<Exclude<Connection, { state: "connected" | "connecting" }>> => {
    try {
      const res = await doFetch(`${url.replace(/\/+$/, "")}/api/v1/status`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5000),
      });
      if (res.status === 401) return { state: "unauthorized", message: "401, check --token or the local token file" };
      return { state: "unreachable", message: `the events stream closed (HTTP answers ${res.status})` };
    } catch (err) {
      const e = err as Error & { code?: string };
      return { state: "unreachable", message: e.code === "ConnectionRefused" ? "connection refused" : e.message };
    }
  };
}

/**
 * Keeps `store` fed from `GET /api/v1/events`: the snapshot, then every
 * change; on any loss it says why and reconnects with capped backoff, and
 * the next snapshot replaces whatever was missed.
 */
export function startLiveClient(options: LiveClientOptions): { stop(): void } {
  const { store } = options;
  const open = options.openSocket ?? bunSocket;
  const diagnose = options.diagnose ?? httpDiagnosis(options.url, options.token);
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 500, maxMs: 5000 };
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let stopped = false;
  let failures = 0;
  let socket: StreamSocket | undefined;
  let retry: unknown;

  function connect() {
    retry = undefined;
    if (stopped) return;
    if (failures === 0) store.setConnection({ state: "connecting" });
    let synced = false;
    const ws = open(options.url, options.token);
    socket = ws;
    ws.onmessage = (ev) => {
      let msg: StreamMessage;
      try {
        msg = JSON.parse(String(ev.data)) as StreamMessage;
      } catch {
        return;
      }
      if (msg.type === "snapshot") {
        synced = true;
        failures = 0;
        store.setConnection({ state: "connected" });
      }
      if (msg.type === "snapshot" || msg.type === "change") store.apply(msg);
    };
    ws.onerror = () => {};
    ws.onclose = async (ev) => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return;
      const delay = synced ? 0 : Math.min(maxMs, initialMs * 2 ** failures);
      failures += 1;
      const problem = synced
        ? { state: "unreachable" as const, message: `events stream lost (${ev.code}${ev.reason ? ` ${ev.reason}` : ""})` }
        : await diagnose();
      if (stopped) return;
      store.setConnection({ ...problem, retryAt: now() + delay });
      retry = setTimer(connect, delay);
    };
  }

  connect();
  return {
    stop() {
      stopped = true;
      if (retry !== undefined) clearTimer(retry);
      socket?.close();
      socket = undefined;
    },
  };
}
