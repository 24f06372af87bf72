import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";
import { extensions } from "./extensions.ts";

/**
 * One number (or none) that rings several extensions, all at once or in
 * order, then falls back when nobody answers (src/pbx/ring-groups.ts).
 */
export const ringGroups = sqliteTable("ring_groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** An internal number phones may dial; never one an extension has (checked on both sides). */
  number: text("number").unique(),
  strategy: text("strategy", { enum: ["simultaneous", "sequential"] }).notNull().default("simultaneous"),
  /** How long each member's phones ring. */
  ringSeconds: integer("ring_seconds").notNull().default(20),
  /** The most the group rings in all before its fallback. */
  timeoutSeconds: integer("timeout_seconds").notNull().default(60),
  /** extension | ring_group | time_condition | hangup; target is the extension number, the group or condition name, or the hangup cause. */
  fallbackType: text("fallback_type", { enum: ["extension", "ring_group", "time_condition", "hangup"] }).notNull().default("hangup"),
  fallbackTarget: text("fallback_target").notNull().default("NO_ANSWER"),
  callerIdNamePrefix: text("caller_id_name_prefix"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A group's members in ringing order; an extension that is a member cannot be deleted. */
export const ringGroupMembers = sqliteTable(
  "ring_group_members",
  {
    ringGroupId: integer("ring_group_id")
      .notNull()
      .references(() => ringGroups.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    extensionNumber: text("extension_number")
      .notNull()
      .references(() => extensions.number, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.ringGroupId, t.position] }),
    uniqueIndex("ring_group_members_once").on(t.ringGroupId, t.extensionNumber),
    index("ring_group_members_extension").on(t.extensionNumber),
  ],
);

export type RingGroup = typeof ringGroups.$inferSelect;
