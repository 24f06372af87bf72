import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type Cdr, cdrs, recordings } from "../../db/schema.ts";
import { callsOfExtension } from "../../cdr/calls-of-extension.ts";
import { recordingsOfCall } from "../../cdr/recordings-store.ts";
import { type CdrItem, toCdrItem } from "./cdr-item.ts";

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

const withRecordings = (db: Db, rows: Cdr[]): CdrItem[] => {
  const ids = recordingIdsByLeg(db, rows.map((r) => r.uuid));
  return rows.map((r) => toCdrItem(r, ids.get(r.uuid) ?? []));
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
