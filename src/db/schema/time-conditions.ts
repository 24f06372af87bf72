import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";

/**
 * A named schedule sending calls to one destination while open and another
 * while closed (src/pbx/time-conditions.ts). The schedule is JSON
 * ({ rules, holidays }), checked by the API before it is written and by the
 * routing's reader again.
 */
export const timeConditions = sqliteTable("time_conditions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  schedule: text("schedule").notNull(),
  /** extension | ring_group | time_condition | hangup; target is the number, the name or the hangup cause. */
  openType: text("open_type", { enum: ["extension", "ring_group", "time_condition", "hangup"] }).notNull(),
  openTarget: text("open_target").notNull(),
  closedType: text("closed_type", { enum: ["extension", "ring_group", "time_condition", "hangup"] }).notNull(),
  closedTarget: text("closed_target").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type TimeCondition = typeof timeConditions.$inferSelect;
