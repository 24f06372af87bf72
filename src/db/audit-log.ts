/** The configuration's history: one entry per committed change, written in the change's own transaction. */
import { count, desc } from "drizzle-orm";
import type { Db } from "./client.ts";
import { type AuditEntry, auditLog } from "./schema.ts";
import type { Tx } from "./transaction.ts";

export const appendAudit = (tx: Tx, entry: Omit<AuditEntry, "id">) => tx.insert(auditLog).values(entry).run();

/** Newest first. */
export function listAudit(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
  return { rows, total };
}
