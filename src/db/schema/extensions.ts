import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { FORWARD_TYPES } from "../../pbx/call-handling.ts";
import { createdAt, updatedAt } from "./columns.ts";

export const extensions = sqliteTable("extensions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  number: text("number").notNull().unique(),
  name: text("name").notNull(),
  callerIdName: text("caller_id_name"),
  callerIdNumber: text("caller_id_number"),
  /** md5(number:domain:password); the plaintext is never stored. */
  a1Hash: text("a1_hash").notNull(),
  /** The realm the a1_hash was made for: a domain change invalidates it visibly instead of silently. */
  realm: text("realm").notNull(),
  outboundClass: text("outbound_class", { enum: ["internal", "local", "national", "international"] })
    .notNull()
    .default("national"),
  record: integer("record", { mode: "boolean" }).notNull().default(false),
  maxRegistrations: integer("max_registrations").notNull().default(3),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** A voicemail box (mod_voicemail, profile `default`): unanswered calls are left there. */
  voicemailEnabled: integer("voicemail_enabled", { mode: "boolean" }).notNull().default(false),
  /** md5(number:domain:PIN), the directory's `vm-a1-hash`; the PIN itself is never stored. */
  voicemailPinHash: text("voicemail_pin_hash"),
  /** The uploaded greeting's file name in the voicemail greetings dir; null: FreeSWITCH's own. */
  voicemailGreeting: text("voicemail_greeting"),
  /** Call handling (src/pbx/call-handling.ts): do-not-disturb, how long the phones ring, and where unanswered calls go. */
  dnd: integer("dnd", { mode: "boolean" }).notNull().default(false),
  /** Seconds the phones ring before no-answer handling; null: CALLBOARD_RING_TIMEOUT. */
  ringSeconds: integer("ring_seconds"),
  /** extension | number | voicemail | time_condition; target is the number, the box's extension or the condition's name. */
  forwardAlwaysType: text("forward_always_type", { enum: FORWARD_TYPES }),
  forwardAlwaysTarget: text("forward_always_target"),
  forwardBusyType: text("forward_busy_type", { enum: FORWARD_TYPES }),
  forwardBusyTarget: text("forward_busy_target"),
  forwardNoAnswerType: text("forward_no_answer_type", { enum: FORWARD_TYPES }),
  forwardNoAnswerTarget: text("forward_no_answer_target"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Extension = typeof extensions.$inferSelect;
