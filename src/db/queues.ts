/** Queues: a name, how agents are picked, how long callers wait, the agents (tiers), and the fallback. */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { QueueFallback, QueueRow, QueueStrategy, QueueTier } from "../pbx/queues.ts";
import type { Db } from "./client.ts";
import { dids, extensions, type Queue, queueAgents, queues, queueTiers, ringGroups, sounds } from "./schema.ts";
import { ivrMenusUsing } from "./ivr-menus.ts";
import { loopNext, timeConditionExists } from "./time-conditions.ts";
import { crossLoop } from "../pbx/fallback-loop.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type QueueFields = {
  name: string;
  strategy?: QueueStrategy;
  musicOnHold?: string | null;
  maxWaitSeconds?: number;
  noAgentMaxWaitSeconds?: number;
  fallback?: QueueFallback;
  /** The agents taking this queue's calls; each must be an agent (POST /agents) first. */
  agents: QueueTier[];
  enabled?: boolean;
};
export type QueueChange = Partial<Omit<QueueFields, "name">>;
export type QueueRecord = { queue: Queue; tiers: QueueTier[] };

function tiersOf(db: DbOrTx, ids: number[]): Map<number, QueueTier[]> {
  const byQueue = new Map<number, QueueTier[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byQueue;
  const rows = db
    .select()
    .from(queueTiers)
    .where(inArray(queueTiers.queueId, ids))
    .orderBy(asc(queueTiers.queueId), asc(queueTiers.level), asc(queueTiers.position), asc(queueTiers.agent))
    .all();
  for (const r of rows) byQueue.get(r.queueId)?.push({ agent: r.agent, level: r.level, position: r.position });
  return byQueue;
}

const withTiers = (db: DbOrTx, rows: Queue[]): QueueRecord[] => {
  const tiers = tiersOf(
    db,
    rows.map((q) => q.id),
  );
  return rows.map((queue) => ({ queue, tiers: tiers.get(queue.id) ?? [] }));
};

export function listQueues(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(queues).orderBy(asc(queues.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(queues).get()?.n ?? 0;
  return { rows: withTiers(db, rows), total };
}

/** Every queue, or the one named `name`. */
export const readQueues = (db: DbOrTx, name?: string): QueueRecord[] =>
  withTiers(
    db,
    db
      .select()
      .from(queues)
      .where(name === undefined ? undefined : eq(queues.name, name))
      .orderBy(asc(queues.name))
      .all(),
  );

export function getQueue(db: DbOrTx, name: string): QueueRecord {
  const [record] = readQueues(db, name);
  if (!record) throw missing("queue", name);
  return record;
}

export function toQueueRow({ queue, tiers }: QueueRecord): QueueRow {
  return {
    name: queue.name,
    strategy: queue.strategy,
    musicOnHold: queue.musicOnHold,
    maxWaitSeconds: queue.maxWaitSeconds,
    noAgentMaxWaitSeconds: queue.noAgentMaxWaitSeconds,
    fallback: { type: queue.fallbackType, target: queue.fallbackTarget },
    tiers,
    enabled: queue.enabled,
  };
}

/** Every queue as the routing and callcenter.conf read it. */
export const queueRows = (db: DbOrTx): QueueRow[] => readQueues(db).map(toQueueRow);

const isAgent = (tx: Tx, number: string) => !!tx.select({ n: queueAgents.extensionNumber }).from(queueAgents).where(eq(queueAgents.extensionNumber, number)).get();

function checkTiers(tx: Tx, tiers: readonly QueueTier[]) {
  const seen = new Set<string>();
  tiers.forEach(({ agent }, i) => {
    if (seen.has(agent)) throw invalidReference(`agents.${i}.agent`, `agents.${i}.agent: ${agent} is listed twice`);
    seen.add(agent);
    if (!isAgent(tx, agent)) throw invalidReference(`agents.${i}.agent`, `agents.${i}.agent: extension ${agent} is not an agent (POST /api/v1/agents first)`);
  });
}

/** The fallback exists, and following it never comes back to this queue (through ring groups and time conditions). */
function checkFallback(tx: Tx, name: string, fallback: QueueFallback) {
  if (fallback.type === "extension" && !tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, fallback.target)).get()) {
    throw invalidReference("fallback.target", `fallback.target: extension ${fallback.target} does not exist`);
  }
  if (fallback.type === "ring_group" && !tx.select({ id: ringGroups.id }).from(ringGroups).where(eq(ringGroups.name, fallback.target)).get()) {
    throw invalidReference("fallback.target", `fallback.target: ring group ${fallback.target} does not exist`);
  }
  if (fallback.type === "time_condition" && !timeConditionExists(tx, fallback.target)) {
    throw invalidReference("fallback.target", `fallback.target: time condition ${fallback.target} does not exist`);
  }
  if (fallback.type !== "ring_group" && fallback.type !== "time_condition") return;
  const loop = crossLoop({ type: "queue", name }, [{ type: fallback.type, name: fallback.target }], (n) => loopNext(tx, n));
  if (loop) throw invalidReference("fallback.target", `fallback.target: ${loop.join(" → ")} would send unanswered calls round in a loop`);
}

/** Music on hold names an uploaded sound: FreeSWITCH reads its file from the sounds dir. */
function checkMusicOnHold(tx: Tx, name: string | null | undefined) {
  if (!name || tx.select({ id: sounds.id }).from(sounds).where(eq(sounds.name, name)).get()) return;
  throw invalidReference("musicOnHold", `musicOnHold: sound ${name} has not been uploaded (POST /api/v1/sounds/${name})`);
}

function writeTiers(tx: Tx, queueId: number, tiers: readonly QueueTier[]) {
  tx.delete(queueTiers).where(eq(queueTiers.queueId, queueId)).run();
  if (tiers.length === 0) return;
  tx.insert(queueTiers)
    .values(tiers.map((t) => ({ queueId, ...t })))
    .run();
}

const fallbackColumns = (fallback: QueueFallback | undefined) =>
  fallback === undefined ? {} : { fallbackType: fallback.type, fallbackTarget: fallback.target };

export function insertQueue(tx: Tx, input: QueueFields): QueueRecord {
  if (tx.select({ id: queues.id }).from(queues).where(eq(queues.name, input.name)).get()) throw conflicting(`queue ${input.name} already exists`, "name");
  checkTiers(tx, input.agents);
  if (input.fallback) checkFallback(tx, input.name, input.fallback);
  checkMusicOnHold(tx, input.musicOnHold);
  const { agents, fallback, ...fields } = input;
  const row = tx
    .insert(queues)
    .values({ ...fields, ...fallbackColumns(fallback) })
    .returning()
    .get();
  writeTiers(tx, row.id, agents);
  return getQueue(tx, input.name);
}

export function updateQueue(tx: Tx, name: string, patch: QueueChange, now: Date): QueueRecord {
  const { queue } = getQueue(tx, name);
  const { agents, fallback, ...fields } = patch;
  if (agents) checkTiers(tx, agents);
  if (fallback) checkFallback(tx, name, fallback);
  checkMusicOnHold(tx, fields.musicOnHold);
  tx.update(queues)
    .set({ ...fields, ...fallbackColumns(fallback), updatedAt: now })
    .where(eq(queues.id, queue.id))
    .run();
  if (agents) writeTiers(tx, queue.id, agents);
  return getQueue(tx, name);
}

/** Refuses while a DID still sends calls here: deleting would silently drop them. */
export function deleteQueue(tx: Tx, name: string) {
  const { queue } = getQueue(tx, name);
  const pointing = tx
    .select({ number: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, "queue"), eq(dids.destinationTarget, name)))
    .all();
  if (pointing.length > 0) {
    throw conflicting(`queue ${name} is the destination of DID ${pointing.map((d) => d.number).join(", ")}; point those elsewhere first`);
  }
  const menus = ivrMenusUsing(tx, "queue", name);
  if (menus.length > 0) throw conflicting(`queue ${name} is an option or the fallback of IVR menu ${menus.join(", ")}; change those first`);
  tx.delete(queues).where(eq(queues.id, queue.id)).run();
}

/** Whether a DID may point at queue `name`. */
export const queueExists = (tx: DbOrTx, name: string): boolean => !!tx.select({ id: queues.id }).from(queues).where(eq(queues.name, name)).get();

/** The queues whose fallback is this extension, ring group or time condition: it cannot be deleted while there are any. */
export const queuesFallingBackTo = (tx: DbOrTx, type: "extension" | "ring_group" | "time_condition", target: string): string[] =>
  tx
    .select({ name: queues.name })
    .from(queues)
    .where(and(eq(queues.fallbackType, type), eq(queues.fallbackTarget, target)))
    .orderBy(asc(queues.name))
    .all()
    .map((q) => q.name);
