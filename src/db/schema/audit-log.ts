import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Who changed the PBX configuration, when, and how: one row per REST write or
 * file apply, with the change as the plan shows it (credentials only as
 * "changed"). Written in the transaction of the change itself.
 */
export const auditLog = sqliteTable("audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
  /** The API token's name. */
  actor: text("actor").notNull(),
  /** `PATCH /api/v1/extensions/1001`, `config apply`. */
  action: text("action").notNull(),
  summary: text("summary").notNull(),
  /** JSON: the changes, as src/pbx-file/state.ts's Change. */
  changes: text("changes").notNull(),
});

export type AuditEntry = typeof auditLog.$inferSelect;
