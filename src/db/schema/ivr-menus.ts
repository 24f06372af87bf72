import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";

/**
 * A menu callers key digits into (src/pbx/ivr-menus.ts), served to
 * FreeSWITCH as ivr.conf. Sounds are an uploaded sound's name or a file
 * under FreeSWITCH's own sounds directory.
 */
export const ivrMenus = sqliteTable("ivr_menus", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  greeting: text("greeting").notNull(),
  greetingShort: text("greeting_short"),
  invalidSound: text("invalid_sound"),
  exitSound: text("exit_sound"),
  directDial: integer("direct_dial", { mode: "boolean" }).notNull().default(false),
  timeoutSeconds: integer("timeout_seconds").notNull().default(5),
  maxFailures: integer("max_failures").notNull().default(3),
  /** extension | ring_group | queue | ivr | hangup; target is the number, the name or the hangup cause. */
  fallbackType: text("fallback_type", { enum: ["extension", "ring_group", "queue", "ivr", "time_condition", "hangup"] }).notNull().default("hangup"),
  fallbackTarget: text("fallback_target").notNull().default("NORMAL_CLEARING"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A menu's choices: the digits a caller keys and where they go. */
export const ivrMenuOptions = sqliteTable(
  "ivr_menu_options",
  {
    menuId: integer("menu_id")
      .notNull()
      .references(() => ivrMenus.id, { onDelete: "cascade" }),
    digits: text("digits").notNull(),
    destinationType: text("destination_type", { enum: ["extension", "ring_group", "queue", "ivr", "time_condition", "hangup"] }).notNull(),
    destinationTarget: text("destination_target").notNull(),
  },
  (t) => [primaryKey({ columns: [t.menuId, t.digits] }), index("ivr_menu_options_destination").on(t.destinationType, t.destinationTarget)],
);

export type IvrMenu = typeof ivrMenus.$inferSelect;
