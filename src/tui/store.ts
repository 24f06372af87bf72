import type { Call, Channel, Did, GatewayStatus, LiveSnapshot, Registration, StreamMessage, SwitchStatus } from "./api-types.ts";
import { createDidState } from "./store-dids.ts";
import { createQueueState } from "./store-queues.ts";
import { createRowQuery } from "./store-rows.ts";
import type { CdrRow } from "./views/cdrs-view.ts";
import type { TraceEntry } from "./views/did-trace.tsx";
import { gatewayIsUp } from "./views/gateways-view.ts";
import type { QueueRow, QueueTiers } from "./views/queues-view.ts";
import type { ViewId } from "./views/view-def.ts";

/** The link between `callboard top` and the callboard server (FreeSWITCH's own state is in `status.esl`). */
export type Connection =
  | { state: "connecting" }
  | { state: "connected" }
  | { state: "unreachable" | "unauthorized"; message: string; retryAt?: number };

export type { SortSpec, ViewQuery, ViewRows } from "./store-rows.ts";

export type StoreState = {
  /** Bumped on every flush; components re-render on it. */
  version: number;
  versions: Record<ViewId, number>;
  synced: boolean;
  status: SwitchStatus;
  connection: Connection;
  counts: { channels: number; calls: number; regs: number; gatewaysUp: number; gatewaysDown: number; queued: number };
  cdrError?: string;
  didError?: string;
};

export type TuiStoreOptions = {
  /** Listeners hear about changes at most this often, however fast events arrive. */
  flushIntervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

const MINUTE = 60_000;
const KIND_VIEW = { channel: "channels", call: "calls", registration: "regs", gateway: "gateways" } as const;

/** Everything the dashboard shows, free of React and of the network: the live client feeds it, the views read it. */
export function createTuiStore(options: TuiStoreOptions = {}) {
  const interval = options.flushIntervalMs ?? 100;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  const data = {
    channels: new Map<string, Channel>(),
    calls: new Map<string, Call>(),
    regs: new Map<string, Registration>(),
    gateways: new Map<string, GatewayStatus>(),
    cdrs: new Map<string, CdrRow>(),
    queues: new Map<string, QueueRow>(),
    dids: new Map<string, Did>(),
  } satisfies Record<ViewId, Map<string, unknown>>;
  const queues = createQueueState(data.queues);
  const dids = createDidState(data.dids);
  let seq = -1;
  let status: SwitchStatus = { esl: "disconnected" };
  let connection: Connection = { state: "connecting" };
  let cdrError: string | undefined;
  const recentCalls = new Map<string, number>();
  const dirty = new Set<ViewId>();
  let dirtyOther = false;
  let state: StoreState = {
    version: 0,
    versions: { channels: 0, calls: 0, regs: 0, gateways: 0, cdrs: 0, queues: 0, dids: 0 },
    synced: false,
    status,
    connection,
    counts: { channels: 0, calls: 0, regs: 0, gatewaysUp: 0, gatewaysDown: 0, queued: 0 },
  };
  const listeners = new Set<() => void>();
  let timer: unknown;
  let lastFlush = -Infinity;

  function noteCall(call: Call) {
    if (!recentCalls.has(call.id) && call.createdAt >= now() - MINUTE) recentCalls.set(call.id, call.createdAt);
  }

  function schedule() {
    if (timer !== undefined) return;
    const wait = Math.max(0, lastFlush + interval - now());
    timer = setTimer(() => {
      timer = undefined;
      flush();
    }, wait);
  }

  function flush() {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    lastFlush = now();
    if (dirty.size === 0 && !dirtyOther) return;
    const versions = { ...state.versions };
    for (const v of dirty) versions[v] += 1;
    let { gatewaysUp, gatewaysDown, queued } = state.counts;
    if (dirty.has("gateways")) {
      gatewaysUp = [...data.gateways.values()].filter(gatewayIsUp).length;
      gatewaysDown = data.gateways.size - gatewaysUp;
    }
    if (dirty.has("queues")) queued = queues.flush();
    for (const [id, at] of recentCalls) if (at < lastFlush - MINUTE) recentCalls.delete(id);
    state = {
      version: state.version + 1,
      versions,
      synced: seq >= 0,
      status,
      connection,
      cdrError,
      didError: dids.error(),
      counts: { channels: data.channels.size, calls: data.calls.size, regs: data.regs.size, gatewaysUp, gatewaysDown, queued },
    };
    dirty.clear();
    dirtyOther = false;
    for (const l of listeners) l();
  }

  function applySnapshot(s: LiveSnapshot) {
    seq = s.seq;
    const fill = <T>(map: Map<string, T>, rows: T[], key: (r: T) => string) => {
      map.clear();
      for (const r of rows) map.set(key(r), r);
    };
    fill(data.channels, s.channels, (c) => c.uuid);
    fill(data.calls, s.calls, (c) => c.id);
    fill(data.regs, s.registrations, (r) => r.id);
    fill(data.gateways, s.gateways, (g) => g.name);
    queues.fill(s);
    recentCalls.clear();
    for (const c of s.calls) noteCall(c);
    status = s.status;
    for (const v of ["channels", "calls", "regs", "gateways", "queues"] as const) dirty.add(v);
    dirtyOther = true;
  }

  function apply(msg: StreamMessage) {
    if (msg.type === "snapshot") applySnapshot(msg);
    else {
      // Before the first snapshot there is nothing to apply a change to; a replayed change is old news.
      if (seq < 0 || msg.seq <= seq) return;
      seq = msg.seq;
      if (msg.kind === "status") {
        status = msg.value;
        dirtyOther = true;
      } else if (queues.apply(msg)) {
        dirty.add("queues");
      } else {
        const view = KIND_VIEW[msg.kind];
        const map = data[view] as Map<string, unknown>;
        if (msg.op === "remove") map.delete(msg.key);
        else {
          map.set(msg.key, msg.value);
          if (msg.kind === "call") noteCall(msg.value);
        }
        dirty.add(view);
      }
    }
    schedule();
  }

  const rows = createRowQuery(data, (view) => state.versions[view]);

  return {
    apply,
    flush,
    rows,
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    row: <R>(view: ViewId, key: string) => data[view].get(key) as R | undefined,
    callsInLastMinute(at = now()) {
      let n = 0;
      for (const t of recentCalls.values()) if (t >= at - MINUTE && t <= at) n++;
      return n;
    },
    setConnection(c: Connection) {
      connection = c;
      dirtyOther = true;
      schedule();
    },
    /** The recent CDRs, newest first; the previous list is kept when a refresh fails. */
    setCdrs(items: CdrRow[] | undefined, error?: string) {
      if (items) {
        data.cdrs.clear();
        for (const r of items) data.cdrs.set(r.uuid, r);
        dirty.add("cdrs");
      }
      cdrError = error;
      dirtyOther = true;
      schedule();
    },
    /** Which agents take each queue's calls (GET /api/v1/queues), so the queues view lists them per queue. */
    setQueueTiers(tiers: QueueTiers) {
      queues.setTiers(tiers);
      dirty.add("queues");
      schedule();
    },
    /** The DIDs as configured; the previous list is kept when a refresh fails. */
    setDids(items: Did[] | undefined, error?: string) {
      if (dids.setDids(items, error)) dirty.add("dids");
      dirtyOther = true;
      schedule();
    },
    /** A DID's trace, or why it could not be had; undefined forgets it (a new one is on its way). */
    setTrace(number: string, entry: TraceEntry | undefined) {
      dids.setTrace(number, entry);
      dirtyOther = true;
      schedule();
    },
    trace: dids.trace,
    /** Resident sizes, for tests that check memory stays bounded. */
    sizes: (): Record<ViewId | "recentCalls", number> => ({
      channels: data.channels.size,
      calls: data.calls.size,
      regs: data.regs.size,
      gateways: data.gateways.size,
      cdrs: data.cdrs.size,
      queues: data.queues.size,
      dids: data.dids.size,
      recentCalls: recentCalls.size,
    }),
    dispose() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}

export type TuiStore = ReturnType<typeof createTuiStore>;
