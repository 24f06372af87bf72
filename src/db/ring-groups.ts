/** Ring groups: a name, maybe a number, members in order, and where an unanswered call goes. */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { fallbackLoop, type RingGroupFallback, type RingGroupRow, type RingStrategy } from "../pbx/ring-groups.ts";
import type { Db } from "./client.ts";
import { dids, extensions, type RingGroup, ringGroupMembers, ringGroups } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { queuesFallingBackTo } from "./queues.ts";
import { ivrMenusUsing } from "./ivr-menus.ts";
import { loopNext, timeConditionExists, timeConditionsUsing } from "./time-conditions.ts";
import { crossLoop } from "../pbx/fallback-loop.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type RingGroupFields = {
  name: string;
  number?: string | null;
  strategy?: RingStrategy;
  /** Extension numbers, in ringing order. */
  members: string[];
  ringSeconds?: number;
  timeoutSeconds?: number;
  fallback?: RingGroupFallback;
  callerIdNamePrefix?: string | null;
  enabled?: boolean;
};
export type RingGroupChange = Partial<Omit<RingGroupFields, "name">>;
/** A group with its members' numbers in order. */
export type RingGroupRecord = { group: RingGroup; members: string[] };

function membersOf(db: DbOrTx, ids: number[]): Map<number, string[]> {
  const byGroup = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byGroup;
  const rows = db
    .select({ id: ringGroupMembers.ringGroupId, number: ringGroupMembers.extensionNumber })
    .from(ringGroupMembers)
    .where(inArray(ringGroupMembers.ringGroupId, ids))
    .orderBy(asc(ringGroupMembers.ringGroupId), asc(ringGroupMembers.position))
    .all();
  for (const r of rows) byGroup.get(r.id)?.push(r.number);
  return byGroup;
}

const withMembers = (db: DbOrTx, groups: RingGroup[]): RingGroupRecord[] => {
  const members = membersOf(
    db,
    groups.map((g) => g.id),
  );
  return groups.map((group) => ({ group, members: members.get(group.id) ?? [] }));
};

export function listRingGroups(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const groups = db.select().from(ringGroups).orderBy(asc(ringGroups.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(ringGroups).get()?.n ?? 0;
  return { rows: withMembers(db, groups), total };
}

/** Every group, or the one named `name`. */
export const readRingGroups = (db: DbOrTx, name?: string): RingGroupRecord[] =>
  withMembers(
    db,
    db
      .select()
      .from(ringGroups)
      .where(name === undefined ? undefined : eq(ringGroups.name, name))
      .orderBy(asc(ringGroups.name))
      .all(),
  );

export function getRingGroup(db: DbOrTx, name: string): RingGroupRecord {
  const [record] = readRingGroups(db, name);
  if (!record) throw missing("ring group", name);
  return record;
}

/** Every group as the routing reads it (src/pbx/ring-groups.ts): the dialplan's compiled model and call control. */
export const ringGroupRows = (db: DbOrTx): RingGroupRow[] => readRingGroups(db).map(toRingGroupRow);

export function toRingGroupRow({ group, members }: RingGroupRecord): RingGroupRow {
  return {
    name: group.name,
    number: group.number,
    strategy: group.strategy,
    members,
    ringSeconds: group.ringSeconds,
    timeoutSeconds: group.timeoutSeconds,
    fallback: { type: group.fallbackType, target: group.fallbackTarget },
    callerIdNamePrefix: group.callerIdNamePrefix,
    enabled: group.enabled,
  };
}

const extensionExists = (tx: Tx, number: string) => !!tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, number)).get();
const groupByName = (tx: Tx, name: string) => tx.select().from(ringGroups).where(eq(ringGroups.name, name)).get();

/** A group's number is dialled like an extension's: it may be neither an extension's nor another group's. */
function checkNumber(tx: Tx, number: string | null | undefined, name: string) {
  if (number === undefined || number === null) return;
  if (extensionExists(tx, number)) throw conflicting(`number ${number} is extension ${number}'s`, "number");
  const other = tx.select({ name: ringGroups.name }).from(ringGroups).where(eq(ringGroups.number, number)).get();
  if (other && other.name !== name) throw conflicting(`number ${number} is ring group ${other.name}'s`, "number");
}

function checkMembers(tx: Tx, members: readonly string[]) {
  const seen = new Set<string>();
  members.forEach((number, i) => {
    if (seen.has(number)) throw invalidReference(`members.${i}`, `members.${i}: extension ${number} is listed twice`);
    seen.add(number);
    if (!extensionExists(tx, number)) throw invalidReference(`members.${i}`, `members.${i}: extension ${number} does not exist`);
  });
}

/**
 * The fallback exists, and following fallbacks from this group never comes
 * back to a group already passed, also through a time condition's open or
 * closed side.
 */
function checkFallback(tx: Tx, name: string, fallback: RingGroupFallback) {
  if (fallback.type === "extension" && !extensionExists(tx, fallback.target)) {
    throw invalidReference("fallback.target", `fallback.target: extension ${fallback.target} does not exist`);
  }
  if (fallback.type === "time_condition" && !timeConditionExists(tx, fallback.target)) {
    throw invalidReference("fallback.target", `fallback.target: time condition ${fallback.target} does not exist`);
  }
  if (fallback.type === "ring_group") {
    if (fallback.target !== name && !groupByName(tx, fallback.target)) {
      throw invalidReference("fallback.target", `fallback.target: ring group ${fallback.target} does not exist`);
    }
    const loop = fallbackLoop(name, fallback, (other) => {
      const row = groupByName(tx, other);
      return row && { type: row.fallbackType, target: row.fallbackTarget };
    });
    if (loop) throw invalidReference("fallback.target", `fallback.target: ${loop.join(" → ")} would send unanswered calls round in a loop`);
  }
  if (fallback.type !== "ring_group" && fallback.type !== "time_condition") return;
  const through = crossLoop({ type: "ring_group", name }, [{ type: fallback.type, name: fallback.target }], (n) => loopNext(tx, n));
  if (through) throw invalidReference("fallback.target", `fallback.target: ${through.join(" → ")} would send unanswered calls round in a loop`);
}

function writeMembers(tx: Tx, groupId: number, members: readonly string[]) {
  tx.delete(ringGroupMembers).where(eq(ringGroupMembers.ringGroupId, groupId)).run();
  if (members.length === 0) return;
  tx.insert(ringGroupMembers)
    .values(members.map((extensionNumber, position) => ({ ringGroupId: groupId, position, extensionNumber })))
    .run();
}

const fallbackColumns = (fallback: RingGroupFallback | undefined) =>
  fallback === undefined ? {} : { fallbackType: fallback.type, fallbackTarget: fallback.target };

export function insertRingGroup(tx: Tx, input: RingGroupFields): RingGroupRecord {
  if (groupByName(tx, input.name)) throw conflicting(`ring group ${input.name} already exists`, "name");
  checkNumber(tx, input.number, input.name);
  checkMembers(tx, input.members);
  if (input.fallback) checkFallback(tx, input.name, input.fallback);
  const { members, fallback, ...fields } = input;
  const row = tx
    .insert(ringGroups)
    .values({ ...fields, ...fallbackColumns(fallback) })
    .returning()
    .get();
  writeMembers(tx, row.id, members);
  return getRingGroup(tx, input.name);
}

export function updateRingGroup(tx: Tx, name: string, patch: RingGroupChange, now: Date): RingGroupRecord {
  const { group } = getRingGroup(tx, name);
  const { members, fallback, ...fields } = patch;
  if (patch.number !== undefined) checkNumber(tx, patch.number, name);
  if (members) checkMembers(tx, members);
  if (fallback) checkFallback(tx, name, fallback);
  tx.update(ringGroups)
    .set({ ...fields, ...fallbackColumns(fallback), updatedAt: now })
    .where(eq(ringGroups.id, group.id))
    .run();
  if (members) writeMembers(tx, group.id, members);
  return getRingGroup(tx, name);
}

/** Refuses while a DID or another group still sends calls here: deleting would silently drop them. */
export function deleteRingGroup(tx: Tx, name: string) {
  const { group } = getRingGroup(tx, name);
  const pointing = tx
    .select({ number: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, "ring_group"), eq(dids.destinationTarget, name)))
    .all();
  if (pointing.length > 0) {
    throw conflicting(`ring group ${name} is the destination of DID ${pointing.map((d) => d.number).join(", ")}; point those elsewhere first`);
  }
  const falling = tx
    .select({ name: ringGroups.name })
    .from(ringGroups)
    .where(and(eq(ringGroups.fallbackType, "ring_group"), eq(ringGroups.fallbackTarget, name)))
    .all()
    .filter((g) => g.name !== name);
  if (falling.length > 0) {
    throw conflicting(`ring group ${name} is the fallback of ring group ${falling.map((g) => g.name).join(", ")}; change those first`);
  }
  const conditions = timeConditionsUsing(tx, "ring_group", name);
  if (conditions.length > 0) throw conflicting(`ring group ${name} is a destination of time condition ${conditions.join(", ")}; change those first`);
  const queues = queuesFallingBackTo(tx, "ring_group", name);
  if (queues.length > 0) throw conflicting(`ring group ${name} is the fallback of queue ${queues.join(", ")}; change those first`);
  const menus = ivrMenusUsing(tx, "ring_group", name);
  if (menus.length > 0) throw conflicting(`ring group ${name} is an option or the fallback of IVR menu ${menus.join(", ")}; change those first`);
  tx.delete(ringGroups).where(eq(ringGroups.id, group.id)).run();
}

/** The groups an extension rings in or is the fallback of: it cannot be deleted while there are any. */
export function ringGroupsUsingExtension(tx: DbOrTx, number: string): string[] {
  const members = tx
    .select({ name: ringGroups.name })
    .from(ringGroupMembers)
    .innerJoin(ringGroups, eq(ringGroupMembers.ringGroupId, ringGroups.id))
    .where(eq(ringGroupMembers.extensionNumber, number))
    .all();
  const fallbacks = tx
    .select({ name: ringGroups.name })
    .from(ringGroups)
    .where(and(eq(ringGroups.fallbackType, "extension"), eq(ringGroups.fallbackTarget, number)))
    .all();
  return [...new Set([...members, ...fallbacks].map((g) => g.name))].sort();
}

/** The group that already answers to `number`, when an extension is about to take it. */
export const ringGroupWithNumber = (tx: DbOrTx, number: string): string | undefined =>
  tx.select({ name: ringGroups.name }).from(ringGroups).where(eq(ringGroups.number, number)).get()?.name;

/** Whether a DID may point at ring group `name`. */
export const ringGroupExists = (tx: DbOrTx, name: string): boolean =>
  !!tx.select({ id: ringGroups.id }).from(ringGroups).where(eq(ringGroups.name, name)).get();
