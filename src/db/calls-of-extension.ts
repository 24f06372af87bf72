import { eq, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { cdrs } from "./schema.ts";

/**
 * The call uuids an extension took part in, as caller, callee or answerer:
 * its own leg names it in `extension`, and an A leg that only reached its
 * phone names it as the destination (FreeSWITCH may post no B leg).
 */
export const callsOfExtension = (db: Db, extension: string) =>
  db
    .select({ callUuid: cdrs.callUuid })
    .from(cdrs)
    .where(or(eq(cdrs.extension, extension), eq(cdrs.destinationNumber, extension)));
