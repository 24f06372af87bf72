/** Extensions: phones' SIP accounts. Only the a1-hash of a password is ever stored. */
import { and, asc, count, eq, inArray, or } from "drizzle-orm";
import { a1Hash } from "../pbx/passwords.ts";
import type { Db } from "./client.ts";
import { dids, type Extension, extensions } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { ivrMenusUsing } from "./ivr-menus.ts";
import { ringGroupsUsingExtension, ringGroupWithNumber } from "./ring-groups.ts";
import { isQueueAgent } from "./queue-agents.ts";
import { queuesFallingBackTo } from "./queues.ts";
import { timeConditionsUsing } from "./time-conditions.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";
import { callHandlingColumns, callHandlingOf, type CallHandling, type CallHandlingColumns, type ForwardType } from "../pbx/call-handling.ts";
import { callHandlingProblem } from "../pbx/call-handling-check.ts";
import { createRoutingLookup } from "./routing-lookup.ts";

type HandlingColumn = keyof CallHandlingColumns;

type BoxColumns = "voicemailEnabled" | "voicemailPinHash" | "voicemailGreeting";
/**
 * What an admin sets; the password is passed on its own and turned into the
 * a1-hash here. `voicemail` turns the box on or off; its PIN and greeting are
 * set through voicemail-boxes.ts. In `callHandling` only the parts given
 * change; a forward set to null is cleared.
 */
export type ExtensionFields = Omit<typeof extensions.$inferInsert, "id" | "a1Hash" | "realm" | "createdAt" | "updatedAt" | BoxColumns | HandlingColumn> & {
  voicemail?: boolean;
  callHandling?: Partial<CallHandling>;
};
export type ExtensionChange = Partial<Omit<ExtensionFields, "number">> & { password?: string };

/** The API's `voicemail` is the column voicemail_enabled; `callHandling` is the forward_* columns and the rest. */
function columns<T extends { voicemail?: boolean; callHandling?: Partial<CallHandling> }>(fields: T) {
  const { voicemail, callHandling, ...rest } = fields;
  return { ...rest, ...(voicemail === undefined ? {} : { voicemailEnabled: voicemail }), ...callHandlingColumns(callHandling ?? {}) };
}

/**
 * The stored handling of `number`, checked as the routing will follow it:
 * refused naming the forward (`callHandling.forwardBusy.target`), so the
 * transaction writes nothing.
 */
function checkCallHandling(tx: Tx, number: string) {
  const rows = createRoutingLookup(tx);
  const row = rows.extension(number);
  const problem = row && callHandlingProblem(row, callHandlingOf(row), rows);
  if (problem) throw invalidReference(`callHandling.${problem.field}`, `callHandling.${problem.message}`);
}

export function listExtensions(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(extensions).orderBy(asc(extensions.number)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(extensions).get()?.n ?? 0;
  return { rows, total };
}

/** Every extension, or the one with `number`. */
export const readExtensions = (db: DbOrTx, number?: string): Extension[] =>
  db
    .select()
    .from(extensions)
    .where(number === undefined ? undefined : eq(extensions.number, number))
    .all();

export const findExtension = (db: DbOrTx, number: string): Extension | undefined =>
  db.select().from(extensions).where(eq(extensions.number, number)).get();

export function getExtension(db: DbOrTx, number: string): Extension {
  const row = findExtension(db, number);
  if (!row) throw missing("extension", number);
  return row;
}

export function insertExtension(tx: Tx, input: ExtensionFields & { password?: string }, realm: string, password: string): Extension {
  if (tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, input.number)).get()) {
    throw conflicting(`extension ${input.number} already exists`, "number");
  }
  const group = ringGroupWithNumber(tx, input.number);
  if (group) throw conflicting(`number ${input.number} is ring group ${group}'s`, "number");
  const { password: _given, ...fields } = input;
  tx.insert(extensions)
    .values({ ...columns(fields), a1Hash: a1Hash(input.number, realm, password), realm })
    .run();
  if (input.callHandling) checkCallHandling(tx, input.number);
  return getExtension(tx, input.number);
}

export function updateExtension(tx: Tx, number: string, patch: ExtensionChange, realm: string, now: Date): Extension {
  getExtension(tx, number);
  const { password, callHandling, ...fields } = patch;
  const secret = password === undefined ? {} : { a1Hash: a1Hash(number, realm, password), realm };
  tx.update(extensions)
    .set({ ...columns({ ...fields, ...(callHandling ? { callHandling } : {}) }), ...secret, updatedAt: now })
    .where(eq(extensions.number, number))
    .run();
  if (callHandling) checkCallHandling(tx, number);
  return getExtension(tx, number);
}

/** A PBX file carries the a1-hash itself, made elsewhere for this realm. */
export function setExtensionA1Hash(tx: Tx, number: string, hash: string, realm: string) {
  tx.update(extensions).set({ a1Hash: hash, realm }).where(eq(extensions.number, number)).run();
}

/** Refuses while a DID still sends calls here: deleting would silently drop them. */
export function deleteExtension(tx: Tx, number: string) {
  getExtension(tx, number);
  const pointing = tx
    .select({ number: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, "extension"), eq(dids.destinationTarget, number)))
    .all();
  if (pointing.length > 0) {
    const list = pointing.map((d) => d.number).join(", ");
    throw conflicting(`extension ${number} is the destination of DID ${list}; point those elsewhere first`);
  }
  const groups = ringGroupsUsingExtension(tx, number);
  if (groups.length > 0) throw conflicting(`extension ${number} rings in or is the fallback of ring group ${groups.join(", ")}; change those first`);
  const conditions = timeConditionsUsing(tx, "extension", number);
  if (conditions.length > 0) throw conflicting(`extension ${number} is a destination of time condition ${conditions.join(", ")}; change those first`);
  if (isQueueAgent(tx, number)) throw conflicting(`extension ${number} is a queue agent; DELETE /api/v1/agents/${number} first`);
  const queues = queuesFallingBackTo(tx, "extension", number);
  if (queues.length > 0) throw conflicting(`extension ${number} is the fallback of queue ${queues.join(", ")}; change those first`);
  const menus = ivrMenusUsing(tx, "extension", number);
  if (menus.length > 0) throw conflicting(`extension ${number} is an option or the fallback of IVR menu ${menus.join(", ")}; change those first`);
  const forwarding = extensionsForwardingTo(tx, ["extension", "voicemail"], number).filter((n) => n !== number);
  if (forwarding.length > 0) throw conflicting(`extension ${number} is where extension ${forwarding.join(", ")} forward calls; change those first`);
  tx.delete(extensions).where(eq(extensions.number, number)).run();
}

/** The extensions with a forward of one of `types` to `target`: it cannot be deleted while there are any. */
export function extensionsForwardingTo(tx: DbOrTx, types: readonly ForwardType[], target: string): string[] {
  const e = extensions;
  return tx
    .select({ number: e.number })
    .from(e)
    .where(
      or(
        and(inArray(e.forwardAlwaysType, [...types]), eq(e.forwardAlwaysTarget, target)),
        and(inArray(e.forwardBusyType, [...types]), eq(e.forwardBusyTarget, target)),
        and(inArray(e.forwardNoAnswerType, [...types]), eq(e.forwardNoAnswerTarget, target)),
      ),
    )
    .orderBy(asc(e.number))
    .all()
    .map((r) => r.number);
}
