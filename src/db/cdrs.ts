/** CDRs: one row per leg, stored once per leg uuid, with the recordings that leg made. */
import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { callsOfExtension } from "./calls-of-extension.ts";
import type { Db } from "./client.ts";
import { linkRecordingsToCall, type NewRecording, recordingsOfCall, registerRecording } from "./recordings.ts";
import { type Cdr, cdrs, recordings } from "./schema.ts";

/** A leg to store, with the recordings its CDR names. */
export type NewCdr = {
  row: typeof cdrs.$inferInsert;
  recordings: Omit<NewRecording, "channelUuid" | "callUuid">[];
};
export type StoreCdrResult = { stored: true; id: number } | { stored: false; reason: "duplicate"; id: number };

/**
 * Stores one leg once. mod_json_cdr retries on anything but 2xx and may
 * post the same leg again after a timeout, so a repeat is a success that
 * changes nothing. The row, its recordings and their links commit together.
 */
export function storeCdr(db: Db, cdr: NewCdr): StoreCdrResult {
  return db.transaction((tx) => {
    const inserted = tx.insert(cdrs).values(cdr.row).onConflictDoNothing({ target: cdrs.uuid }).returning({ id: cdrs.id }).get();
    if (!inserted) {
      const existing = tx.select({ id: cdrs.id }).from(cdrs).where(eq(cdrs.uuid, cdr.row.uuid)).get();
      return { stored: false, reason: "duplicate", id: existing?.id ?? 0 };
    }
    for (const rec of cdr.recordings) {
      registerRecording(tx, { ...rec, channelUuid: cdr.row.uuid, callUuid: cdr.row.callUuid });
    }
    linkRecordingsToCall(tx, cdr.row.uuid, cdr.row.callUuid);
    return { stored: true, id: inserted.id };
  });
}

export type CdrFilters = {
  from?: Date;
  to?: Date;
  number?: string;
  extension?: string;
  direction?: Cdr["direction"];
  cause?: string;
  gateway?: string;
  did?: string;
  leg?: Cdr["leg"];
  call?: string;
  limit: number;
  offset: number;
};

/** A leg with the ids of the recordings it made. */
export type CdrWithRecordings = { cdr: Cdr; recordingIds: number[] };

/** LIKE treats % and _ as wildcards; numbers are validated digits, but stay literal anyway. */
const likeLiteral = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function conditions(db: Db, f: CdrFilters): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (f.from) where.push(gte(cdrs.startedAt, f.from));
  if (f.to) where.push(lte(cdrs.startedAt, f.to));
  if (f.number) {
    const pattern = likeLiteral(f.number.replace(/^\+/, ""));
    where.push(or(sql`${cdrs.callerIdNumber} like ${pattern} escape '\\'`, sql`${cdrs.destinationNumber} like ${pattern} escape '\\'`));
  }
  if (f.extension) {
    where.push(inArray(cdrs.callUuid, callsOfExtension(db, f.extension)));
  }
  if (f.direction) where.push(eq(cdrs.direction, f.direction));
  if (f.cause) where.push(eq(cdrs.hangupCause, f.cause.toUpperCase()));
  if (f.gateway) where.push(eq(cdrs.gateway, f.gateway));
  if (f.did) where.push(eq(cdrs.did, f.did));
  if (f.leg) where.push(eq(cdrs.leg, f.leg));
  if (f.call) where.push(eq(cdrs.callUuid, f.call));
  const present = where.filter((w): w is SQL => w !== undefined);
  return present.length ? and(...present) : undefined;
}

function recordingIdsByLeg(db: Db, legUuids: string[]): Map<string, number[]> {
  const byLeg = new Map<string, number[]>();
  if (legUuids.length === 0) return byLeg;
  const rows = db
    .select({ id: recordings.id, leg: recordings.channelUuid })
    .from(recordings)
    .where(inArray(recordings.channelUuid, legUuids))
    .orderBy(recordings.id)
    .all();
  for (const r of rows) byLeg.set(r.leg, [...(byLeg.get(r.leg) ?? []), r.id]);
  return byLeg;
}

const withRecordings = (db: Db, rows: Cdr[]): CdrWithRecordings[] => {
  const ids = recordingIdsByLeg(db, rows.map((r) => r.uuid));
  return rows.map((cdr) => ({ cdr, recordingIds: ids.get(cdr.uuid) ?? [] }));
};

/** Newest first. */
export function listCdrs(db: Db, f: CdrFilters) {
  const where = conditions(db, f);
  const rows = db.select().from(cdrs).where(where).orderBy(desc(cdrs.startedAt), desc(cdrs.id)).limit(f.limit).offset(f.offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(cdrs).where(where).get()?.n ?? 0;
  return { items: withRecordings(db, rows), total };
}

/** The leg with this uuid, every leg of its call (A first) and the call's recordings. */
export function findCall(db: Db, uuid: string) {
  const leg = db.select().from(cdrs).where(eq(cdrs.uuid, uuid)).get() ?? db.select().from(cdrs).where(eq(cdrs.callUuid, uuid)).get();
  if (!leg) return undefined;
  const legs = db.select().from(cdrs).where(eq(cdrs.callUuid, leg.callUuid)).orderBy(cdrs.leg, cdrs.startedAt).all();
  const recs = recordingsOfCall(db, leg.callUuid, legs.map((l) => l.uuid));
  return { leg: withRecordings(db, [leg])[0]!, legs: withRecordings(db, legs), recordings: recs };
}

export const findRaw = (db: Db, uuid: string) => db.select({ raw: cdrs.raw }).from(cdrs).where(eq(cdrs.uuid, uuid)).get()?.raw;
