/**
 * mod_callcenter's list replies (`callcenter_config agent list`, `tier list`,
 * `queue list`, `queue list members`): a header line of column names joined
 * by `|`, one line per row, then `+OK`. Nothing is escaped, so only a column
 * that may hold a `|` itself (an agent's contact, a caller's name) is named
 * `free`: the columns before it are read from the left, the ones after it
 * from the right, and what lies between is that column. A reply that is not
 * such a table (an `-ERR`, or nothing at all) is `undefined`, never guessed.
 */

/** What mod_callcenter holds, read before a reconcile and by the live store's resync. */
export const CALLCENTER_LISTS = {
  agents: "callcenter_config agent list",
  tiers: "callcenter_config tier list",
  queues: "callcenter_config queue list",
  /** With no queue name: the members of every queue. */
  members: "callcenter_config queue list members",
} as const;

export type PipeRow = Readonly<Record<string, string>>;

export function parsePipeTable(text: string, free?: string): PipeRow[] | undefined {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.at(-1) !== "+OK") return undefined;
  lines.pop();
  // A list with no rows has no header line either when it was read from the database (`agent list`, `tier list`).
  if (lines.length === 0) return [];
  const columns = lines[0]!.split("|");
  const freeAt = free === undefined ? -1 : columns.indexOf(free);
  const rows: PipeRow[] = [];
  for (const line of lines.slice(1)) {
    const parts = line.split("|");
    if (parts.length < columns.length || (parts.length > columns.length && freeAt < 0)) return undefined;
    const after = columns.length - freeAt - 1;
    const values =
      parts.length === columns.length ? parts : [...parts.slice(0, freeAt), parts.slice(freeAt, parts.length - after).join("|"), ...parts.slice(parts.length - after)];
    rows.push(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? ""])));
  }
  return rows;
}

export type CallcenterAgent = { name: string; contact: string; status: string; state: string; wrapUpSeconds: number; maxNoAnswer: number; lastStatusChange: number };
export type CallcenterTier = { queue: string; agent: string; level: number; position: number };
export type CallcenterQueue = { name: string; strategy: string; moh: string; maxWaitSeconds: number; noAgentMaxWaitSeconds: number };
export type CallcenterMember = {
  queue: string;
  uuid: string;
  sessionUuid: string;
  callerNumber: string;
  callerName: string;
  joinedEpoch: number;
  bridgeEpoch: number;
  servingAgent: string;
  state: string;
};

const int = (s: string | undefined) => {
  const n = Number(s);
  return Number.isInteger(n) ? n : 0;
};

const rowsOf = <T>(text: string, need: string, free: string | undefined, map: (r: PipeRow) => T): T[] | undefined => {
  const rows = parsePipeTable(text, free);
  if (!rows) return undefined;
  if (rows.length > 0 && !(need in rows[0]!)) return undefined;
  return rows.map(map);
};

export const parseAgentList = (text: string): CallcenterAgent[] | undefined =>
  rowsOf(text, "status", "contact", (r) => ({
    name: r.name ?? "",
    contact: r.contact ?? "",
    status: r.status ?? "",
    state: r.state ?? "",
    wrapUpSeconds: int(r.wrap_up_time),
    maxNoAnswer: int(r.max_no_answer),
    lastStatusChange: int(r.last_status_change),
  }));

export const parseTierList = (text: string): CallcenterTier[] | undefined =>
  rowsOf(text, "level", undefined, (r) => ({ queue: r.queue ?? "", agent: r.agent ?? "", level: int(r.level), position: int(r.position) }));

export const parseQueueList = (text: string): CallcenterQueue[] | undefined =>
  rowsOf(text, "strategy", "moh_sound", (r) => ({
    name: r.name ?? "",
    strategy: r.strategy ?? "",
    moh: r.moh_sound ?? "",
    maxWaitSeconds: int(r.max_wait_time),
    noAgentMaxWaitSeconds: int(r.max_wait_time_with_no_agent),
  }));

export const parseMemberList = (text: string): CallcenterMember[] | undefined =>
  rowsOf(text, "session_uuid", "cid_name", (r) => ({
    queue: r.queue ?? "",
    uuid: r.uuid ?? "",
    sessionUuid: r.session_uuid ?? "",
    callerNumber: r.cid_number ?? "",
    callerName: r.cid_name ?? "",
    joinedEpoch: int(r.joined_epoch),
    bridgeEpoch: int(r.bridge_epoch),
    servingAgent: r.serving_agent ?? "",
    state: r.state ?? "",
  }));
