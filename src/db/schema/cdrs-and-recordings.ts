import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { RECORDING_STATUSES } from "../../pbx/recording-outcome.ts";
import { createdAt } from "./columns.ts";

export const cdrs = sqliteTable(
  "cdrs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The leg's own uuid: FreeSWITCH retries, so this is the idempotency key. */
    uuid: text("uuid").notNull().unique(),
    /** The A leg's uuid, shared by every leg of one call. */
    callUuid: text("call_uuid").notNull(),
    direction: text("direction", { enum: ["inbound", "outbound", "internal"] }).notNull(),
    leg: text("leg", { enum: ["a", "b"] }).notNull(),
    callerIdNumber: text("caller_id_number"),
    callerIdName: text("caller_id_name"),
    destinationNumber: text("destination_number"),
    extension: text("extension"),
    did: text("did"),
    gateway: text("gateway"),
    context: text("context"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }).notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    billSeconds: integer("bill_seconds").notNull(),
    hangupCause: text("hangup_cause").notNull(),
    /** The body exactly as FreeSWITCH posted it: nothing it sent is lost. */
    raw: text("raw").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("cdrs_call").on(t.callUuid),
    index("cdrs_started").on(t.startedAt),
    index("cdrs_caller").on(t.callerIdNumber),
    index("cdrs_destination").on(t.destinationNumber),
    index("cdrs_extension").on(t.extension),
  ],
);

export const recordings = sqliteTable(
  "recordings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Absolute path as FreeSWITCH wrote it; never taken from an API client. */
    path: text("path").notNull(),
    channelUuid: text("channel_uuid").notNull(),
    callUuid: text("call_uuid"),
    durationMs: integer("duration_ms"),
    sizeBytes: integer("size_bytes"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    /** Whether the finished file holds audio (src/cdr/recording-outcome.ts); rows from before it was judged say ok. */
    status: text("status", { enum: RECORDING_STATUSES }).notNull().default("ok"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("recordings_path").on(t.path),
    index("recordings_call").on(t.callUuid),
    index("recordings_channel").on(t.channelUuid),
  ],
);

export type Cdr = typeof cdrs.$inferSelect;
export type Recording = typeof recordings.$inferSelect;
