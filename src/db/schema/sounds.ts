import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";

/**
 * An uploaded WAV FreeSWITCH plays (a menu's greeting, music on hold): the
 * file is `<CALLBOARD_SOUNDS_DIR>/<name>.wav`, checked by src/pbx/wav-format.ts
 * before it was written.
 */
export const sounds = sqliteTable("sounds", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  sampleRate: integer("sample_rate").notNull(),
  durationMs: integer("duration_ms").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Sound = typeof sounds.$inferSelect;
