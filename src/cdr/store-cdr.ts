import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { cdrs } from "../db/schema.ts";
import type { ParsedCdr } from "./parse-json-cdr.ts";
import { linkRecordingsToCall, registerRecording } from "./recordings-store.ts";

export type StoreCdrResult = { stored: true; id: number } | { stored: false; reason: "duplicate"; id: number };

/**
 * Stores one leg once. mod_json_cdr retries on anything but 2xx and may
 * post the same leg again after a timeout, so a repeat is a success that
 * changes nothing. The row, its recordings and their links commit together.
 */
export function storeCdr(db: Db, cdr: ParsedCdr): StoreCdrResult {
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
