/** Agents: extensions that take queue calls, with the status mod_callcenter offers calls by. */
import { asc, count, eq } from "drizzle-orm";
import type { AgentRow, AgentStatus } from "../pbx/queues.ts";
import type { Db } from "./client.ts";
import { extensions, type QueueAgent, queueAgents, queues, queueTiers } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type AgentFields = { extension: string; status?: AgentStatus; wrapUpSeconds?: number; maxNoAnswer?: number };
export type AgentChange = Partial<Omit<AgentFields, "extension">>;

export function listAgents(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(queueAgents).orderBy(asc(queueAgents.extensionNumber)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(queueAgents).get()?.n ?? 0;
  return { rows, total };
}

/** Every agent, or the one for extension `number`. */
export const readAgents = (db: DbOrTx, number?: string): QueueAgent[] =>
  db
    .select()
    .from(queueAgents)
    .where(number === undefined ? undefined : eq(queueAgents.extensionNumber, number))
    .orderBy(asc(queueAgents.extensionNumber))
    .all();

export function getAgent(db: DbOrTx, number: string): QueueAgent {
  const [row] = readAgents(db, number);
  if (!row) throw missing("agent", number);
  return row;
}

export const toAgentRow = (a: QueueAgent): AgentRow => ({
  extension: a.extensionNumber,
  status: a.status,
  wrapUpSeconds: a.wrapUpSeconds,
  maxNoAnswer: a.maxNoAnswer,
});

export const agentRows = (db: DbOrTx): AgentRow[] => readAgents(db).map(toAgentRow);

export function insertAgent(tx: Tx, input: AgentFields): QueueAgent {
  if (!tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, input.extension)).get()) {
    throw invalidReference("extension", `extension: extension ${input.extension} does not exist`);
  }
  if (readAgents(tx, input.extension).length > 0) throw conflicting(`extension ${input.extension} is already an agent`, "extension");
  const { extension, ...fields } = input;
  return tx
    .insert(queueAgents)
    .values({ extensionNumber: extension, ...fields })
    .returning()
    .get();
}

export function updateAgent(tx: Tx, number: string, patch: AgentChange, now: Date): QueueAgent {
  getAgent(tx, number);
  tx.update(queueAgents)
    .set({ ...patch, updatedAt: now })
    .where(eq(queueAgents.extensionNumber, number))
    .run();
  return getAgent(tx, number);
}

/** The queues an agent takes calls of. */
export const queuesOfAgent = (db: DbOrTx, number: string): string[] =>
  db
    .select({ name: queues.name })
    .from(queueTiers)
    .innerJoin(queues, eq(queueTiers.queueId, queues.id))
    .where(eq(queueTiers.agent, number))
    .orderBy(asc(queues.name))
    .all()
    .map((q) => q.name);

/** Refuses while the agent is in a queue: take it out of those first. */
export function deleteAgent(tx: Tx, number: string) {
  getAgent(tx, number);
  const inQueues = queuesOfAgent(tx, number);
  if (inQueues.length > 0) throw conflicting(`agent ${number} takes calls of queue ${inQueues.join(", ")}; take it out of those first`);
  tx.delete(queueAgents).where(eq(queueAgents.extensionNumber, number)).run();
}

/** Whether an extension is an agent: it cannot be deleted while it is. */
export const isQueueAgent = (tx: DbOrTx, number: string): boolean => readAgents(tx, number).length > 0;
