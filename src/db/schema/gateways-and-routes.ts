import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";

export const gateways = sqliteTable("gateways", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  host: text("host").notNull(),
  port: integer("port").notNull().default(5060),
  transport: text("transport", { enum: ["udp", "tcp", "tls"] }).notNull().default("udp"),
  username: text("username").notNull(),
  /** AES-256-GCM sealed: base64(iv | tag | ciphertext). */
  passwordEnc: text("password_enc").notNull(),
  register: integer("register", { mode: "boolean" }).notNull().default(true),
  expireSeconds: integer("expire_seconds").notNull().default(600),
  retrySeconds: integer("retry_seconds").notNull().default(30),
  fromDomain: text("from_domain"),
  callerIdInFrom: integer("caller_id_in_from", { mode: "boolean" }).notNull().default(false),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const outboundRoutes = sqliteTable("outbound_routes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  pattern: text("pattern").notNull(),
  gatewayId: integer("gateway_id")
    .notNull()
    .references(() => gateways.id, { onDelete: "restrict" }),
  strip: integer("strip").notNull().default(0),
  prepend: text("prepend").notNull().default(""),
  /** Replaces the extension's display name towards the provider (e.g. the company's name). */
  callerIdName: text("caller_id_name"),
  callerIdNumber: text("caller_id_number"),
  requiredClass: text("required_class", { enum: ["internal", "local", "national", "international"] })
    .notNull()
    .default("national"),
  priority: integer("priority").notNull().default(100),
  record: integer("record", { mode: "boolean" }).notNull().default(false),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Gateway = typeof gateways.$inferSelect;
export type OutboundRoute = typeof outboundRoutes.$inferSelect;
