/** Time conditions: a name, a schedule, and where calls go while it is open and while it is closed. */
import { and, asc, count, eq, or } from "drizzle-orm";
import {
  scheduleProblem,
  timeConditionLoop,
  type Schedule,
  type TimeConditionDestination,
  type TimeConditionRow,
} from "../pbx/time-conditions.ts";
import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import { crossLoop, type LoopNode } from "../pbx/fallback-loop.ts";
import type { Db } from "./client.ts";
import { dids, extensions, queues, ringGroups, type TimeCondition, timeConditions } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";
import { extensionsForwardingTo } from "./extensions.ts";
import { ivrMenusUsing } from "./ivr-menus.ts";
import { queuesFallingBackTo } from "./queues.ts";

export type TimeConditionFields = {
  name: string;
  schedule: Schedule;
  open: TimeConditionDestination;
  closed: TimeConditionDestination;
  enabled?: boolean;
};
export type TimeConditionChange = Partial<Omit<TimeConditionFields, "name">>;

export function listTimeConditions(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(timeConditions).orderBy(asc(timeConditions.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(timeConditions).get()?.n ?? 0;
  return { rows, total };
}

/** Every time condition, or the one named `name`. */
export const readTimeConditions = (db: DbOrTx, name?: string): TimeCondition[] =>
  db
    .select()
    .from(timeConditions)
    .where(name === undefined ? undefined : eq(timeConditions.name, name))
    .orderBy(asc(timeConditions.name))
    .all();

export function getTimeCondition(db: DbOrTx, name: string): TimeCondition {
  const [row] = readTimeConditions(db, name);
  if (!row) throw missing("time condition", name);
  return row;
}

/** The stored schedule, or undefined when it is not one the routing can read (then the condition is treated as missing). */
export function storedSchedule(row: Pick<TimeCondition, "schedule">): Schedule | undefined {
  try {
    const parsed: unknown = JSON.parse(row.schedule);
    return scheduleProblem(parsed) === undefined ? (parsed as Schedule) : undefined;
  } catch {
    return undefined;
  }
}

/** A condition as the routing reads it; undefined for one whose schedule is unreadable. */
export function toTimeConditionRow(row: TimeCondition): TimeConditionRow | undefined {
  const schedule = storedSchedule(row);
  if (!schedule) return undefined;
  return {
    name: row.name,
    schedule,
    open: { type: row.openType, target: row.openTarget },
    closed: { type: row.closedType, target: row.closedTarget },
    enabled: row.enabled,
  };
}

/** Every readable condition as the routing reads it: the dialplan's compiled model and the trace. */
export const timeConditionRows = (db: DbOrTx): TimeConditionRow[] =>
  readTimeConditions(db).flatMap((r) => toTimeConditionRow(r) ?? []);

const byName = (tx: DbOrTx, name: string) => tx.select().from(timeConditions).where(eq(timeConditions.name, name)).get();

/** Whether a DID may point at time condition `name`. */
export const timeConditionExists = (tx: DbOrTx, name: string): boolean => !!byName(tx, name);

/** Each destination exists, and following time conditions from this one never comes back to one already passed. */
function checkDestinations(tx: Tx, name: string, open: TimeConditionDestination, closed: TimeConditionDestination) {
  for (const [field, d] of [["open", open], ["closed", closed]] as const) {
    const at = `${field}.target`;
    if (d.type === "extension") {
      if (!EXTENSION_NUMBER.test(d.target) || !tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, d.target)).get()) {
        throw invalidReference(at, `${at}: extension ${d.target} does not exist`);
      }
    } else if (d.type === "ring_group") {
      if (!tx.select({ id: ringGroups.id }).from(ringGroups).where(eq(ringGroups.name, d.target)).get()) {
        throw invalidReference(at, `${at}: ring group ${d.target} does not exist`);
      }
    } else if (d.type === "time_condition") {
      if (d.target !== name && !byName(tx, d.target)) throw invalidReference(at, `${at}: time condition ${d.target} does not exist`);
    }
  }
  const loop = timeConditionLoop(name, [open, closed], (other) => {
    const row = byName(tx, other);
    return row && [
      { type: row.openType, target: row.openTarget },
      { type: row.closedType, target: row.closedTarget },
    ];
  });
  if (loop) throw invalidReference("closed.target", `closed.target: ${loop.join(" → ")} would send calls round in a loop`);
  for (const [field, d] of [["open", open], ["closed", closed]] as const) {
    if (d.type !== "ring_group") continue;
    const through = crossLoop({ type: "time_condition", name }, [{ type: "ring_group", name: d.target }], (n) => loopNext(tx, n));
    if (through) throw invalidReference(`${field}.target`, `${field}.target: ${through.join(" → ")} would send calls round in a loop`);
  }
}

const asNode = (type: string, name: string): LoopNode[] => (type === "ring_group" || type === "time_condition" || type === "queue" ? [{ type, name }] : []);

/** Where a ring group or a queue (its fallback) or a time condition (open and closed) sends calls on, as stored: for crossLoop. */
export function loopNext(tx: DbOrTx, n: LoopNode): LoopNode[] {
  if (n.type === "ring_group") {
    const g = tx.select({ type: ringGroups.fallbackType, target: ringGroups.fallbackTarget }).from(ringGroups).where(eq(ringGroups.name, n.name)).get();
    return g ? asNode(g.type, g.target) : [];
  }
  if (n.type === "queue") {
    const q = tx.select({ type: queues.fallbackType, target: queues.fallbackTarget }).from(queues).where(eq(queues.name, n.name)).get();
    return q ? asNode(q.type, q.target) : [];
  }
  const row = byName(tx, n.name);
  return row ? [...asNode(row.openType, row.openTarget), ...asNode(row.closedType, row.closedTarget)] : [];
}

const columns = (f: TimeConditionChange) => ({
  ...(f.schedule === undefined ? {} : { schedule: JSON.stringify(f.schedule) }),
  ...(f.open === undefined ? {} : { openType: f.open.type, openTarget: f.open.target }),
  ...(f.closed === undefined ? {} : { closedType: f.closed.type, closedTarget: f.closed.target }),
  ...(f.enabled === undefined ? {} : { enabled: f.enabled }),
});

export function insertTimeCondition(tx: Tx, input: TimeConditionFields): TimeCondition {
  if (byName(tx, input.name)) throw conflicting(`time condition ${input.name} already exists`, "name");
  checkDestinations(tx, input.name, input.open, input.closed);
  const cols = columns(input);
  tx.insert(timeConditions)
    .values({ name: input.name, schedule: cols.schedule!, openType: cols.openType!, openTarget: cols.openTarget!, closedType: cols.closedType!, closedTarget: cols.closedTarget!, enabled: input.enabled ?? true })
    .run();
  return getTimeCondition(tx, input.name);
}

export function updateTimeCondition(tx: Tx, name: string, patch: TimeConditionChange, now: Date): TimeCondition {
  const row = getTimeCondition(tx, name);
  const open = patch.open ?? { type: row.openType, target: row.openTarget };
  const closed = patch.closed ?? { type: row.closedType, target: row.closedTarget };
  if (patch.open || patch.closed) checkDestinations(tx, name, open, closed);
  tx.update(timeConditions)
    .set({ ...columns(patch), updatedAt: now })
    .where(eq(timeConditions.id, row.id))
    .run();
  return getTimeCondition(tx, name);
}

/** Refuses while a DID, another time condition, a ring group, a queue, an IVR menu or a forward still sends calls here: deleting would silently drop them. */
export function deleteTimeCondition(tx: Tx, name: string) {
  const row = getTimeCondition(tx, name);
  const pointing = tx
    .select({ number: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, "time_condition"), eq(dids.destinationTarget, name)))
    .all();
  if (pointing.length > 0) {
    throw conflicting(`time condition ${name} is the destination of DID ${pointing.map((d) => d.number).join(", ")}; point those elsewhere first`);
  }
  const others = timeConditionsUsing(tx, "time_condition", name).filter((n) => n !== name);
  if (others.length > 0) throw conflicting(`time condition ${name} is a destination of time condition ${others.join(", ")}; change those first`);
  const groups = tx
    .select({ name: ringGroups.name })
    .from(ringGroups)
    .where(and(eq(ringGroups.fallbackType, "time_condition"), eq(ringGroups.fallbackTarget, name)))
    .orderBy(asc(ringGroups.name))
    .all();
  if (groups.length > 0) throw conflicting(`time condition ${name} is the fallback of ring group ${groups.map((g) => g.name).join(", ")}; change those first`);
  const waiting = queuesFallingBackTo(tx, "time_condition", name);
  if (waiting.length > 0) throw conflicting(`time condition ${name} is the fallback of queue ${waiting.join(", ")}; change those first`);
  const menus = ivrMenusUsing(tx, "time_condition", name);
  if (menus.length > 0) throw conflicting(`time condition ${name} is an option or the fallback of IVR menu ${menus.join(", ")}; change those first`);
  const forwarding = extensionsForwardingTo(tx, ["time_condition"], name);
  if (forwarding.length > 0) throw conflicting(`time condition ${name} is where extension ${forwarding.join(", ")} forward calls; change those first`);
  tx.delete(timeConditions).where(eq(timeConditions.id, row.id)).run();
}

/** The time conditions that send calls to this extension, ring group or time condition: it cannot be deleted while there are any. */
export function timeConditionsUsing(tx: DbOrTx, type: "extension" | "ring_group" | "time_condition", target: string): string[] {
  return tx
    .select({ name: timeConditions.name })
    .from(timeConditions)
    .where(
      or(
        and(eq(timeConditions.openType, type), eq(timeConditions.openTarget, target)),
        and(eq(timeConditions.closedType, type), eq(timeConditions.closedTarget, target)),
      ),
    )
    .orderBy(asc(timeConditions.name))
    .all()
    .map((r) => r.name);
}
