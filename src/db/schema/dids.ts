import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";
import { gateways } from "./gateways-and-routes.ts";

export const dids = sqliteTable(
  "dids",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Digits only, country code included, no +: 998785553322. */
    number: text("number").notNull().unique(),
    description: text("description"),
    gatewayId: integer("gateway_id").references(() => gateways.id, { onDelete: "restrict" }),
    /** extension | ivr | ring_group | queue | time_condition; target is that object's natural key. */
    destinationType: text("destination_type", { enum: ["extension", "ivr", "ring_group", "queue", "time_condition"] }).notNull(),
    destinationTarget: text("destination_target").notNull(),
    record: integer("record", { mode: "boolean" }).notNull().default(false),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("dids_destination").on(t.destinationType, t.destinationTarget)],
);

export type Did = typeof dids.$inferSelect;
