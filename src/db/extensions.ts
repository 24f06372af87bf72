/** Extensions: phones' SIP accounts. Only the a1-hash of a password is ever stored. */
import { and, asc, count, eq } from "drizzle-orm";
import { a1Hash } from "../pbx/passwords.ts";
import type { Db } from "./client.ts";
import { dids, type Extension, extensions } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { ivrMenusUsing } from "./ivr-menus.ts";
import { ringGroupsUsingExtension, ringGroupWithNumber } from "./ring-groups.ts";
import { isQueueAgent } from "./queue-agents.ts";
import { queuesFallingBackTo } from "./queues.ts";
import { timeConditionsUsing } from "./time-conditions.ts";
import { conflicting, missing } from "./write-refused.ts";

type BoxColumns = "voicemailEnabled" | "voicemailPinHash" | "voicemailGreeting";
/**
 * What an admin sets; the password is passed on its own and turned into the
 * a1-hash here. `voicemail` turns the box on or off; its PIN and greeting are
 * set through voicemail-boxes.ts.
 */
export type ExtensionFields = Omit<typeof extensions.$inferInsert, "id" | "a1Hash" | "realm" | "createdAt" | "updatedAt" | BoxColumns> & {
  voicemail?: boolean;
};
export type ExtensionChange = Partial<Omit<ExtensionFields, "number">> & { password?: string };

/** The API's `voicemail` is the column voicemail_enabled. */
function columns<T extends { voicemail?: boolean }>(fields: T) {
  const { voicemail, ...rest } = fields;
  return voicemail === undefined ? rest : { ...rest, voicemailEnabled: voicemail };
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
  return tx
    .insert(extensions)
    .values({ ...columns(fields), a1Hash: a1Hash(input.number, realm, password), realm })
    .returning()
    .get();
}

export function updateExtension(tx: Tx, number: string, patch: ExtensionChange, realm: string, now: Date): Extension {
  getExtension(tx, number);
  const { password, ...fields } = patch;
  const secret = password === undefined ? {} : { a1Hash: a1Hash(number, realm, password), realm };
  return tx
    .update(extensions)
    .set({ ...columns(fields), ...secret, updatedAt: now })
    .where(eq(extensions.number, number))
    .returning()
    .get()!;
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
  tx.delete(extensions).where(eq(extensions.number, number)).run();
}
