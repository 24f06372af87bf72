import type { Db } from "./client.ts";

/** A drizzle transaction on our database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The database, or a transaction on it when a write must commit with others. */
export type DbOrTx = Db | Tx;

/**
 * Runs a write as one IMMEDIATE transaction: checks and writes see the same
 * data, and a thrown error leaves nothing half-written.
 */
export const inTransaction = <T>(db: Db, work: (tx: Tx) => T): T => db.transaction(work, { behavior: "immediate" });
