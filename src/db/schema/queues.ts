import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns.ts";
import { extensions } from "./extensions.ts";

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
  fallbackType: text("fallback_type", { enum: ["extension", "ring_group", "time_condition", "hangup"] }).notNull().default("hangup"),
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

export type Queue = typeof queues.$inferSelect;
export type QueueAgent = typeof queueAgents.$inferSelect;
