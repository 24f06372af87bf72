import type { Call, Channel, Did, GatewayStatus, LiveSnapshot, QueueAgent, QueueCaller, Registration, StreamMessage, SwitchStatus } from "./api-types.ts";
import { parseFilter, type RowFilter } from "./filter.ts";
import { VIEWS } from "./views/all-views.ts";
import type { CdrRow } from "./views/cdrs-view.ts";
import type { TraceEntry } from "./views/did-trace.tsx";
import { gatewayIsUp } from "./views/gateways-view.ts";
import { queueRows, type QueueRow, type QueueTiers } from "./views/queues-view.ts";
import type { ViewId } from "./views/view-def.ts";

/** The link between `callboard top` and the callboard server (FreeSWITCH's own state is in `status.esl`). */
export type Connection =
  | { state: "connecting" }
  | { state: "connected" }
  | { state: "unreachable" | "unauthorized"; message: string; retryAt?: number };

export type SortSpec = { letter: string; desc: boolean };
export type ViewQuery = { view: ViewId; filter: string; sort: SortSpec };
export type ViewRows<R = unknown> = { rows: R[]; total: number; filter?: RowFilter };

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
  // The queues view's rows are worked out from these at flush.
  const queue = { callers: new Map<string, QueueCaller>(), agents: new Map<string, QueueAgent>(), tiers: new Map() as QueueTiers };
  let seq = -1;
  let status: SwitchStatus = { esl: "disconnected" };
  let connection: Connection = { state: "connecting" };
  let cdrError: string | undefined;
  let didError: string | undefined;
  // Keyed by DID number; only the one on screen is asked for, so this stays as small as the DID list.
  const traces = new Map<string, TraceEntry>();
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
    if (dirty.has("queues")) {
      data.queues.clear();
      for (const r of queueRows(queue.callers.values(), queue.agents, queue.tiers)) data.queues.set(r.key, r);
      queued = [...queue.callers.values()].filter((c) => c.state === "waiting").length;
    }
    for (const [id, at] of recentCalls) if (at < lastFlush - MINUTE) recentCalls.delete(id);
    state = {
      version: state.version + 1,
      versions,
      synced: seq >= 0,
      status,
      connection,
      cdrError,
      didError,
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
    fill(queue.callers, s.queueCallers, (c) => c.id);
    fill(queue.agents, s.queueAgents, (a) => a.name);
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
      } else if (msg.kind === "queueCaller") {
        if (msg.op === "remove") queue.callers.delete(msg.key);
        else queue.callers.set(msg.key, msg.value);
        dirty.add("queues");
      } else if (msg.kind === "queueAgent") {
        if (msg.op === "remove") queue.agents.delete(msg.key);
        else queue.agents.set(msg.key, msg.value);
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

  const searchCache = new WeakMap<object, string>();
  const filterCache = new Map<string, RowFilter>();
  const memo = new Map<ViewId, { version: number; filter: string; letter: string; desc: boolean; result: ViewRows }>();

  function rows<R>(q: ViewQuery): ViewRows<R> {
    const version = state.versions[q.view];
    const hit = memo.get(q.view);
    if (hit && hit.version === version && hit.filter === q.filter && hit.letter === q.sort.letter && hit.desc === q.sort.desc) {
      return hit.result as ViewRows<R>;
    }
    const view = VIEWS[q.view];
    const all = [...data[q.view].values()] as object[];
    let filter: RowFilter | undefined;
    let kept = all;
    if (q.filter) {
      filter = filterCache.get(q.filter) ?? parseFilter(q.filter);
      if (filterCache.size > 32) filterCache.clear();
      filterCache.set(q.filter, filter);
      const f = filter;
      kept = all.filter((row) => {
        let text = searchCache.get(row);
        if (text === undefined) {
          text = view.searchText(row);
          searchCache.set(row, text);
        }
        return f.test(text);
      });
    }
    const column = view.columns.find((c) => c.sortLetter === q.sort.letter);
    if (column?.sortValue) {
      const sign = q.sort.desc ? -1 : 1;
      const decorated = kept.map((row) => ({ row, v: column.sortValue!(row), k: view.key(row) as string }));
      decorated.sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      kept = decorated.map((d) => d.row);
    }
    const result: ViewRows = { rows: kept, total: all.length, filter };
    memo.set(q.view, { version, filter: q.filter, letter: q.sort.letter, desc: q.sort.desc, result });
    return result as ViewRows<R>;
  }

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
      queue.tiers = tiers;
      dirty.add("queues");
      schedule();
    },
    /** The DIDs as configured; the previous list is kept when a refresh fails. */
    setDids(items: Did[] | undefined, error?: string) {
      if (items) {
        data.dids.clear();
        for (const d of items) data.dids.set(d.number, d);
        dirty.add("dids");
      }
      didError = error;
      dirtyOther = true;
      schedule();
    },
    /** A DID's trace, or why it could not be had; undefined forgets it (a new one is on its way). */
    setTrace(number: string, entry: TraceEntry | undefined) {
      if (entry) traces.set(number, entry);
      else traces.delete(number);
      dirtyOther = true;
      schedule();
    },
    trace: (number: string) => traces.get(number),
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
