/**
 * The database's tables, one file per area under schema/; this file is the
 * one import point (the app, the migrations' drizzle.config.ts, the tests).
 */
export * from "./schema/extensions.ts";
export * from "./schema/gateways-and-routes.ts";
export * from "./schema/dids.ts";
export * from "./schema/ring-groups.ts";
export * from "./schema/time-conditions.ts";
export * from "./schema/ivr-menus.ts";
export * from "./schema/sounds.ts";
export * from "./schema/queues.ts";
export * from "./schema/api-tokens.ts";
export * from "./schema/cdrs-and-recordings.ts";
export * from "./schema/audit-log.ts";
