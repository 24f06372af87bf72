import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/** SQLite fills these in, so every writer of a row stamps it the same way. */
export const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
export const updatedAt = () => integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
