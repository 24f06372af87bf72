/** Voicemail boxes: three columns of an extension's row (migration 0008). */
import { eq } from "drizzle-orm";
import { extensions } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { getExtension } from "./extensions.ts";

export type VoicemailBoxRow = { number: string; enabled: boolean; pinHash: string | null; greeting: string | null };

export function getVoicemailBox(db: DbOrTx, number: string): VoicemailBoxRow {
  const row = getExtension(db, number);
  return { number: row.number, enabled: row.voicemailEnabled, pinHash: row.voicemailPinHash, greeting: row.voicemailGreeting };
}

/** The numbers of the extensions whose box is on. */
export const enabledVoicemailBoxes = (db: DbOrTx): string[] =>
  db.select({ number: extensions.number }).from(extensions).where(eq(extensions.voicemailEnabled, true)).all().map((r) => r.number);

/** `pinHash` undefined keeps the stored one. */
export function setVoicemailBox(tx: Tx, number: string, change: { enabled?: boolean; pinHash?: string }, now: Date): VoicemailBoxRow {
  getExtension(tx, number);
  const set = {
    ...(change.enabled === undefined ? {} : { voicemailEnabled: change.enabled }),
    ...(change.pinHash === undefined ? {} : { voicemailPinHash: change.pinHash }),
  };
  if (Object.keys(set).length > 0) tx.update(extensions).set({ ...set, updatedAt: now }).where(eq(extensions.number, number)).run();
  return getVoicemailBox(tx, number);
}

/** The greeting file now in use (null: FreeSWITCH's own); returns the one it replaced. */
export function setVoicemailGreeting(tx: Tx, number: string, file: string | null, now: Date): string | null {
  const before = getVoicemailBox(tx, number).greeting;
  tx.update(extensions).set({ voicemailGreeting: file, updatedAt: now }).where(eq(extensions.number, number)).run();
  return before;
}
