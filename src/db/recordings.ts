import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { RECORDING_STATUSES, type RecordingStatus } from "../pbx/recording-outcome.ts";
import { unusablePath } from "../pbx/recording-path.ts";
import { callsOfExtension } from "./calls-of-extension.ts";
import type { Db } from "./client.ts";
import { type Recording, recordings } from "./schema.ts";
import type { DbOrTx } from "./transaction.ts";

export type NewRecording = {
  path: string;
  channelUuid: string;
  callUuid?: string;
  durationMs?: number;
  sizeBytes?: number;
  startedAt?: Date;
  /** Unjudged counts as ok, which never overrides a verdict already stored. */
  status?: RecordingStatus;
};

/** The stored status's rank in RECORDING_STATUSES, for the worse-verdict-wins merge. */
const rank = (status: SQL | typeof recordings.status) =>
  sql`(CASE ${status} ${sql.join(RECORDING_STATUSES.map((s, i) => sql.raw(`WHEN '${s}' THEN ${i}`)), sql` `)} END)`;

/**
 * One row per file path. RECORD_STOP and the CDR both report the same file;
 * whichever comes second fills in what the first did not know, and the worse
 * status stands. A path no file can have (a NUL, say) is never stored: callers
 * vet and log first (recording-intake.ts); this is the backstop.
 */
export function registerRecording(db: DbOrTx, rec: NewRecording): Recording | undefined {
  if (unusablePath(rec.path)) return undefined;
  return db
    .insert(recordings)
    .values({
      path: rec.path,
      channelUuid: rec.channelUuid,
      callUuid: rec.callUuid ?? null,
      durationMs: rec.durationMs ?? null,
      sizeBytes: rec.sizeBytes ?? null,
      startedAt: rec.startedAt ?? null,
      status: rec.status ?? "ok",
    })
    .onConflictDoUpdate({
      target: recordings.path,
      set: {
        callUuid: sql`coalesce(${recordings.callUuid}, excluded.call_uuid)`,
        durationMs: sql`coalesce(excluded.duration_ms, ${recordings.durationMs})`,
        sizeBytes: sql`coalesce(excluded.size_bytes, ${recordings.sizeBytes})`,
        startedAt: sql`coalesce(${recordings.startedAt}, excluded.started_at)`,
        status: sql`CASE WHEN ${rank(sql`excluded.status`)} > ${rank(recordings.status)} THEN excluded.status ELSE ${recordings.status} END`,
      },
    })
    .returning()
    .get();
}

/** A leg's recordings belong to its call once the CDR says which call that is. */
export function linkRecordingsToCall(db: DbOrTx, channelUuid: string, callUuid: string) {
  db.update(recordings).set({ callUuid }).where(eq(recordings.channelUuid, channelUuid)).run();
}

export type RecordingFilters = {
  callUuid?: string;
  from?: Date;
  to?: Date;
  extension?: string;
  status?: RecordingStatus;
  limit: number;
  offset: number;
};

const recordedAt = sql`coalesce(${recordings.startedAt}, ${recordings.createdAt})`;

export function listRecordings(db: Db, f: RecordingFilters) {
  const where: SQL[] = [];
  if (f.callUuid) where.push(or(eq(recordings.callUuid, f.callUuid), eq(recordings.channelUuid, f.callUuid)) as SQL);
  if (f.from) where.push(gte(recordedAt, f.from.getTime()));
  if (f.to) where.push(lte(recordedAt, f.to.getTime()));
  if (f.status) where.push(eq(recordings.status, f.status));
  if (f.extension) {
    const calls = callsOfExtension(db, f.extension);
    where.push(or(inArray(recordings.callUuid, calls), inArray(recordings.channelUuid, calls)) as SQL);
  }
  const cond = where.length ? and(...where) : undefined;
  const items = db.select().from(recordings).where(cond).orderBy(desc(recordedAt), desc(recordings.id)).limit(f.limit).offset(f.offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(recordings).where(cond).get()?.n ?? 0;
  return { items, total };
}

export function recordingsOfCall(db: Db, callUuid: string, legUuids: string[]) {
  return db
    .select()
    .from(recordings)
    .where(or(eq(recordings.callUuid, callUuid), inArray(recordings.channelUuid, legUuids)))
    .orderBy(recordings.id)
    .all();
}

export const findRecording = (db: Db, id: number) => db.select().from(recordings).where(eq(recordings.id, id)).get();

export const deleteRecordingRow = (db: Db, id: number) => db.delete(recordings).where(eq(recordings.id, id)).run();
