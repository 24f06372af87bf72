import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dids, type Extension, extensions } from "../../db/schema.ts";
import { a1Hash } from "../../pbx/passwords.ts";
import { isoTime, type Tx } from "../crud-support.ts";
import { conflict, notFound } from "../errors.ts";
import type { Page, PageQuery } from "../pagination.ts";
import type { ExtensionCreate, ExtensionPatch, ExtensionView } from "./schemas.ts";

export function toExtensionView(row: Extension, realm: string): ExtensionView {
  return {
    number: row.number,
    name: row.name,
    callerIdName: row.callerIdName,
    callerIdNumber: row.callerIdNumber,
    outboundClass: row.outboundClass,
    record: row.record,
    maxRegistrations: row.maxRegistrations,
    enabled: row.enabled,
    passwordStale: row.realm !== realm,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

export function listExtensions(db: Db, realm: string, { limit, offset }: PageQuery): Page<ExtensionView> {
  const rows = db.select().from(extensions).orderBy(asc(extensions.number)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(extensions).get()?.n ?? 0;
  return { items: rows.map((r) => toExtensionView(r, realm)), total, limit, offset };
}

export function getExtension(db: Db | Tx, number: string): Extension {
  const row = db.select().from(extensions).where(eq(extensions.number, number)).get();
  if (!row) throw notFound("extension", number);
  return row;
}

export function insertExtension(tx: Tx, input: ExtensionCreate, realm: string, password: string): Extension {
  if (tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, input.number)).get()) {
    throw conflict(`extension ${input.number} already exists`, "number");
  }
  const { password: _given, ...fields } = input;
  return tx
    .insert(extensions)
    .values({ ...fields, a1Hash: a1Hash(input.number, realm, password), realm })
    .returning()
    .get();
}

export function updateExtension(tx: Tx, number: string, patch: ExtensionPatch, realm: string, now: Date): Extension {
  getExtension(tx, number);
  const { password, ...fields } = patch;
  const secret = password === undefined ? {} : { a1Hash: a1Hash(number, realm, password), realm };
  return tx
    .update(extensions)
    .set({ ...fields, ...secret, updatedAt: now })
    .where(eq(extensions.number, number))
    .returning()
    .get()!;
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
    throw conflict(`extension ${number} is the destination of DID ${list}; point those elsewhere first`);
  }
  tx.delete(extensions).where(eq(extensions.number, number)).run();
}
