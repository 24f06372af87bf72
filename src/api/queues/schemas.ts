import { z } from "@hono/zod-openapi";
import type { QueueRecord } from "../../db/queues.ts";
import { QUEUE_FALLBACK_TYPES, QUEUE_STRATEGIES } from "../../pbx/queues.ts";
import { zExtensionNumber, zSoundName } from "../../pbx/safe-values.ts";
import { zDestinationUnion, zQueueName } from "../destinations.ts";
import { isoTime } from "../crud-support.ts";
import { zPageOf } from "../pagination.ts";
import { zFreeswitchApplied } from "../gateways/schemas.ts";

const name = zQueueName.meta({ example: "support", description: "the queue's key in URLs and DIDs, and its name in mod_callcenter" });

/** Where a caller goes after waiting the queue's max wait unanswered: never a gateway. */
export const zQueueFallback = zDestinationUnion(QUEUE_FALLBACK_TYPES, {
  component: "QueueFallback",
  description:
    "after the max wait: an extension, a ring group, a time condition (open or closed decided when the caller leaves the queue), or hang up with a cause (default NO_ANSWER)",
  example: { type: "ring_group", target: "sales" },
  hangup: "NO_ANSWER",
  targets: { extension: { example: "1003" }, ring_group: { example: "sales" }, time_condition: { example: "business-hours" } },
});

export const zQueueTier = z
  .strictObject({
    agent: zExtensionNumber.meta({ example: "1001", description: "an agent's extension (POST /api/v1/agents first)" }),
    level: z.number().int().min(1).max(100).default(1).openapi({ description: "tier level: lower levels are offered calls first (top-down, tiers)" }),
    position: z.number().int().min(1).max(1000).default(1).openapi({ description: "order within the level (top-down, round-robin)" }),
  })
  .openapi("QueueTier");

const agents = z
  .array(zQueueTier)
  .max(200)
  .refine((list) => new Set(list.map((t) => t.agent)).size === list.length, "must not list an agent twice")
  .openapi({ example: [{ agent: "1001", level: 1, position: 1 }], description: "the agents taking this queue's calls (mod_callcenter tiers); PATCH replaces the whole list" });

const seconds = (description: string) => z.number().int().min(0).max(86_400).openapi({ description });

const editable = {
  strategy: z.enum(QUEUE_STRATEGIES).openapi({
    description: "longest-idle-agent; ring-all (every available agent at once); round-robin; top-down (by level and position, from the top each call)",
  }),
  musicOnHold: zSoundName.nullable().openapi({
    example: "hold-music",
    description: "an uploaded sound (POST /api/v1/sounds/{name}) played to waiting callers, in a loop; null: a ringback tone",
  }),
  maxWaitSeconds: seconds("the longest a caller waits before the fallback; 0: until an agent answers or the caller hangs up"),
  noAgentMaxWaitSeconds: seconds("how long a caller waits while no agent is logged in before the fallback; 0: off"),
  fallback: zQueueFallback,
  agents,
  enabled: z.boolean().openapi({ description: "a disabled queue is unknown: its DIDs get UNALLOCATED_NUMBER" }),
};

export const zQueueCreate = z
  .strictObject({
    name,
    strategy: editable.strategy.default("longest-idle-agent"),
    musicOnHold: editable.musicOnHold.default(null),
    maxWaitSeconds: editable.maxWaitSeconds.default(120),
    noAgentMaxWaitSeconds: editable.noAgentMaxWaitSeconds.default(0),
    fallback: editable.fallback.default({ type: "hangup", target: "NO_ANSWER" }),
    agents: editable.agents.default([]),
    enabled: editable.enabled.default(true),
  })
  .openapi("QueueCreate");

export const zQueuePatch = z
  .strictObject({
    strategy: editable.strategy.optional(),
    musicOnHold: editable.musicOnHold.optional(),
    maxWaitSeconds: editable.maxWaitSeconds.optional(),
    noAgentMaxWaitSeconds: editable.noAgentMaxWaitSeconds.optional(),
    fallback: editable.fallback.optional(),
    agents: editable.agents.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("QueuePatch");

export const zQueue = z
  .object({
    name,
    ...editable,
    agents: z.array(z.object({ agent: z.string(), level: z.number().int(), position: z.number().int() })),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Queue");

export const zQueuePage = zPageOf(zQueue, "QueuePage");
export const zQueueParam = z.object({ name });

export type QueueCreate = z.infer<typeof zQueueCreate>;
export type QueuePatch = z.infer<typeof zQueuePatch>;
export type QueueView = z.infer<typeof zQueue>;

export function toQueueView({ queue, tiers }: QueueRecord): QueueView {
  return {
    name: queue.name,
    strategy: queue.strategy,
    musicOnHold: queue.musicOnHold,
    maxWaitSeconds: queue.maxWaitSeconds,
    noAgentMaxWaitSeconds: queue.noAgentMaxWaitSeconds,
    fallback: { type: queue.fallbackType, target: queue.fallbackTarget } as QueueView["fallback"],
    agents: tiers,
    enabled: queue.enabled,
    createdAt: isoTime(queue.createdAt),
    updatedAt: isoTime(queue.updatedAt),
  };
}

export const zQueueWritten = zQueue.extend({ freeswitch: zFreeswitchApplied }).openapi("QueueWritten");
export const zQueueDeleted = z.object({ name, deleted: z.literal(true), freeswitch: zFreeswitchApplied }).openapi("QueueDeleted");
