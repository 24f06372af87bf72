import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { FORWARD_TYPES } from "../pbx/call-handling.ts";
import { RECORDING_STATUSES } from "../pbx/recording-outcome.ts";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () => integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

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

/**
 * Call-centre queues (mod_callcenter, src/pbx/queues.ts): callers wait with
 * music on hold until an agent answers, or for at most max_wait_seconds and
 * then go to the fallback. callcenter.conf is rendered from these rows.
 */
export const queues = sqliteTable("queues", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  strategy: text("strategy", { enum: ["longest-idle-agent", "ring-all", "round-robin", "top-down"] })
    .notNull()
    .default("longest-idle-agent"),
  /** A sound's name (the sounds upload) or null for callboard's ringing tone. */
  musicOnHold: text("music_on_hold"),
  /** 0: wait for ever. */
  maxWaitSeconds: integer("max_wait_seconds").notNull().default(0),
  /** How long a caller waits while no agent is logged in; 0: off. */
  noAgentMaxWaitSeconds: integer("no_agent_max_wait_seconds").notNull().default(0),
  /** extension | ring_group | hangup; target is the extension number, the group name or the hangup cause. */
  fallbackType: text("fallback_type", { enum: ["extension", "ring_group", "hangup"] }).notNull().default("hangup"),
  fallbackTarget: text("fallback_target").notNull().default("NO_ANSWER"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Extensions that take queue calls (mod_callcenter agents of type callback) and their status. */
export const queueAgents = sqliteTable("queue_agents", {
  extensionNumber: text("extension_number")
    .primaryKey()
    .references(() => extensions.number, { onDelete: "restrict" }),
  status: text("status", { enum: ["Available", "On Break", "Logged Out"] })
    .notNull()
    .default("Logged Out"),
  /** Seconds after a queue call before the agent is offered the next. */
  wrapUpSeconds: integer("wrap_up_seconds").notNull().default(10),
  /** Unanswered offers in a row before mod_callcenter puts the agent On Break; 0: never. */
  maxNoAnswer: integer("max_no_answer").notNull().default(3),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Tiers: which agents take a queue's calls, in which level and position. */
export const queueTiers = sqliteTable(
  "queue_tiers",
  {
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    agent: text("agent")
      .notNull()
      .references(() => queueAgents.extensionNumber, { onDelete: "restrict" }),
    level: integer("level").notNull().default(1),
    position: integer("position").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.agent] }), index("queue_tiers_agent").on(t.agent)],
);

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

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  role: text("role", { enum: ["admin", "viewer"] }).notNull(),
  /** sha256 hex of the token; the token itself is shown once. */
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});

export const cdrs = sqliteTable(
  "cdrs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The leg's own uuid: FreeSWITCH retries, so this is the idempotency key. */
    uuid: text("uuid").notNull().unique(),
    /** The A leg's uuid, shared by every leg of one call. */
    callUuid: text("call_uuid").notNull(),
    direction: text("direction", { enum: ["inbound", "outbound", "internal"] }).notNull(),
    leg: text("leg", { enum: ["a", "b"] }).notNull(),
    callerIdNumber: text("caller_id_number"),
    callerIdName: text("caller_id_name"),
    destinationNumber: text("destination_number"),
    extension: text("extension"),
    did: text("did"),
    gateway: text("gateway"),
    context: text("context"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }).notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    billSeconds: integer("bill_seconds").notNull(),
    hangupCause: text("hangup_cause").notNull(),
    /** The body exactly as FreeSWITCH posted it: nothing it sent is lost. */
    raw: text("raw").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("cdrs_call").on(t.callUuid),
    index("cdrs_started").on(t.startedAt),
    index("cdrs_caller").on(t.callerIdNumber),
    index("cdrs_destination").on(t.destinationNumber),
    index("cdrs_extension").on(t.extension),
  ],
);

export const recordings = sqliteTable(
  "recordings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Absolute path as FreeSWITCH wrote it; never taken from an API client. */
    path: text("path").notNull(),
    channelUuid: text("channel_uuid").notNull(),
    callUuid: text("call_uuid"),
    durationMs: integer("duration_ms"),
    sizeBytes: integer("size_bytes"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    /** Whether the finished file holds audio (src/cdr/recording-outcome.ts); rows from before it was judged say ok. */
    status: text("status", { enum: RECORDING_STATUSES }).notNull().default("ok"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("recordings_path").on(t.path),
    index("recordings_call").on(t.callUuid),
    index("recordings_channel").on(t.channelUuid),
  ],
);

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

export type Extension = typeof extensions.$inferSelect;
export type Gateway = typeof gateways.$inferSelect;
export type Did = typeof dids.$inferSelect;
export type OutboundRoute = typeof outboundRoutes.$inferSelect;
export type RingGroup = typeof ringGroups.$inferSelect;
export type TimeCondition = typeof timeConditions.$inferSelect;
export type Sound = typeof sounds.$inferSelect;
export type Queue = typeof queues.$inferSelect;
export type QueueAgent = typeof queueAgents.$inferSelect;
export type IvrMenu = typeof ivrMenus.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Cdr = typeof cdrs.$inferSelect;
export type Recording = typeof recordings.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
