import type { Db } from "./client.ts";
import { compileRoutes, emptyPbxModel, indexRingGroups, openGateways, type PbxModel } from "./pbx-model.ts";
import { ivrMenuRows } from "./ivr-menus.ts";
import { ringGroupRows } from "./ring-groups.ts";
import { agentRows } from "./queue-agents.ts";
import { queueRows } from "./queues.ts";
import { timeConditionRows } from "./time-conditions.ts";
import { prepareRows } from "./pbx-model-rows.ts";

export type PbxModelSource = {
  /**
   * The model as of the last write committed on this connection, and at most
   * `otherWritersMs` behind other connections (the CLI, sqlite3).
   */
  current(): PbxModel;
  /** The model as of the last write committed on any connection. */
  refresh(): PbxModel;
};

export type PbxModelOptions = {
  /** Opens a sealed gateway password (the SecretBox). */
  open(sealed: string): string;
  /**
   * Called after the model moved past writes to extensions (not at the first
   * build): their numbers, or "all" when it was rebuilt from the tables.
   */
  onExtensionsChanged?(numbers: readonly string[] | "all"): void;
  /** How stale the model may be about other connections' writes (default 250 ms). */
  otherWritersMs?: number;
};

/**
 * Reading the change log takes SQLite's file locks (two fcntl and an fstat,
 * about 2-10 µs): as much as a whole answer. So it is read when this
 * connection wrote something, and otherwise at most this often.
 */
const OTHER_WRITERS_MS = 250;

/** Past this many changes at once (a bulk import) a rebuild is cheaper than a patch per row. */
const MAX_PATCH = 2_000;

type Change = { seq: number; kind: string; key: string };

/**
 * Keeps a PbxModel in step with the database. Every committed write to the
 * PBX tables, whoever made it, leaves a row in pbx_changes (migration 0004's
 * triggers); when the newest seq moved, the model patches the rows named
 * since (or rebuilds, when the log no longer reaches back that far). Reads
 * run in one transaction, so a patch never mixes two commits.
 */
export function createPbxModelSource(db: Db, options: PbxModelOptions): PbxModelSource {
  const sqlite = db.$client;
  const newest = sqlite.query<{ seq: number }, []>("SELECT coalesce(max(seq), 0) AS seq FROM pbx_changes");
  const since = sqlite.query<Change, [number]>("SELECT seq, kind, key FROM pbx_changes WHERE seq > ? ORDER BY seq");
  const rows = prepareRows(db);
  const model = emptyPbxModel();

  const loadRoutes = () => (model.routes = compileRoutes(rows.routes.all()));
  const loadRingGroups = () => Object.assign(model, indexRingGroups(ringGroupRows(db)));
  const loadTimeConditions = () => (model.timeConditions = new Map(timeConditionRows(db).map((t) => [t.name, t])));
  const loadQueues = () => {
    model.queues = new Map(queueRows(db).map((q) => [q.name, q]));
    model.agents = agentRows(db);
  };
  const loadIvrMenus = () => (model.ivrMenus = new Map(ivrMenuRows(db).map((m) => [m.name, m])));
  const loadGateways = () => {
    const opened = openGateways(rows.gateways.all(), options.open);
    model.gateways = opened.gateways;
    model.gatewayProblems = opened.problems;
  };

  const rebuild = (generation: number) => {
    model.extensions.clear();
    for (const e of rows.allExtensions.all()) model.extensions.set(e.number, e);
    model.dids.clear();
    for (const d of rows.allDids.all()) model.dids.set(d.number, d);
    loadRoutes();
    loadGateways();
    loadRingGroups();
    loadTimeConditions();
    loadQueues();
    loadIvrMenus();
    model.generation = generation;
  };

  const patch = (changes: Change[]): string[] => {
    const changed = new Set<string>();
    let routesStale = false;
    let gatewaysStale = false;
    let ringGroupsStale = false;
    let timeConditionsStale = false;
    let queuesStale = false;
    let ivrMenusStale = false;
    for (const { kind, key } of changes) {
      if (kind === "extension") {
        changed.add(key);
        const row = rows.extension.get({ number: key });
        if (row) model.extensions.set(key, row);
        else model.extensions.delete(key);
      } else if (kind === "did") {
        const row = rows.did.get({ number: key });
        if (row) model.dids.set(key, row);
        else model.dids.delete(key);
      } else if (kind === "ring_group") {
        ringGroupsStale = true;
      } else if (kind === "queue") {
        queuesStale = true;
      } else if (kind === "time_condition") {
        timeConditionsStale = true;
      } else if (kind === "ivr_menu") {
        ivrMenusStale = true;
      } else if (kind === "route") {
        routesStale = true;
      } else if (kind === "gateway") {
        // Routes carry their gateway's name, state and user name.
        routesStale = true;
        gatewaysStale = true;
      }
    }
    if (routesStale) loadRoutes();
    if (gatewaysStale) loadGateways();
    if (ringGroupsStale) loadRingGroups();
    if (timeConditionsStale) loadTimeConditions();
    if (queuesStale) loadQueues();
    if (ivrMenusStale) loadIvrMenus();
    model.generation = changes.at(-1)!.seq;
    return [...changed];
  };

  /** Patches from the log when it reaches back to this copy; otherwise rebuilds. */
  const catchUp = sqlite.transaction((): readonly string[] | "all" => {
    const changes = since.all(model.generation);
    if (changes.length === 0 || changes[0]!.seq !== model.generation + 1 || changes.length > MAX_PATCH) {
      rebuild(newest.get()!.seq);
      return "all";
    }
    return patch(changes);
  });

  sqlite.transaction(() => rebuild(newest.get()!.seq)).deferred();

  // A write on this connection (the API's, a test's) moves total_changes(), which costs no lock to read.
  const ownWrites = sqlite.query<{ n: number }, []>("SELECT total_changes() AS n");
  const otherWritersMs = options.otherWritersMs ?? OTHER_WRITERS_MS;
  let writesSeen = ownWrites.get()!.n;
  let checkedAt = performance.now();

  const check = () => {
    if (newest.get()!.seq === model.generation) return;
    const changed = catchUp.deferred();
    options.onExtensionsChanged?.(changed);
  };
  return {
    current() {
      const writes = ownWrites.get()!.n;
      const now = performance.now();
      if (writes !== writesSeen || now - checkedAt >= otherWritersMs) {
        writesSeen = writes;
        checkedAt = now;
        check();
      }
      return model;
    },
    refresh() {
      writesSeen = ownWrites.get()!.n;
      checkedAt = performance.now();
      check();
      return model;
    },
  };
}
