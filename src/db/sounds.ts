/** Uploaded sounds: one row per file in the sounds directory, with what its header said. */
import { asc, count, eq } from "drizzle-orm";
import type { WavInfo } from "../pbx/wav-format.ts";
import type { Db } from "./client.ts";
import { type Sound, sounds } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, missing } from "./write-refused.ts";

export type SoundFields = { name: string } & Pick<WavInfo, "sampleRate" | "durationMs"> & { sizeBytes: number };

/**
 * What still plays a sound, as "IVR menu main (greeting)": a sound in use
 * cannot be deleted. Each user of sounds (menus, queues' music) adds its
 * own query here.
 */
export type SoundUsers = (tx: DbOrTx, name: string) => string[];

export function listSounds(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(sounds).orderBy(asc(sounds.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(sounds).get()?.n ?? 0;
  return { rows, total };
}

export const findSound = (db: DbOrTx, name: string): Sound | undefined => db.select().from(sounds).where(eq(sounds.name, name)).get();

export function getSound(db: DbOrTx, name: string): Sound {
  const row = findSound(db, name);
  if (!row) throw missing("sound", name);
  return row;
}

export function insertSound(tx: Tx, fields: SoundFields): Sound {
  if (findSound(tx, fields.name)) throw conflicting(`sound ${fields.name} already exists; PUT replaces it`, "name");
  return tx.insert(sounds).values(fields).returning().get();
}

/** Creates or replaces: `created` says which. */
export function putSound(tx: Tx, fields: SoundFields, now: Date): { row: Sound; created: boolean } {
  const existing = findSound(tx, fields.name);
  if (!existing) return { row: insertSound(tx, fields), created: true };
  const { name, ...rest } = fields;
  const row = tx
    .update(sounds)
    .set({ ...rest, updatedAt: now })
    .where(eq(sounds.name, name))
    .returning()
    .get();
  return { row, created: false };
}

export function deleteSound(tx: Tx, name: string, usersOf: SoundUsers): Sound {
  const row = getSound(tx, name);
  const users = usersOf(tx, name);
  if (users.length > 0) throw conflicting(`sound ${name} is played by ${users.join(", ")}; change those first`);
  tx.delete(sounds).where(eq(sounds.id, row.id)).run();
  return row;
}
