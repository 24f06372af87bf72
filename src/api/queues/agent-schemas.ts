import { z } from "@hono/zod-openapi";
import type { QueueAgent } from "../../db/schema.ts";
import { AGENT_STATUSES } from "../../pbx/queues.ts";
import { zExtensionNumber } from "../../pbx/safe-values.ts";
import { isoTime } from "../crud-support.ts";
import { zPageOf } from "../pagination.ts";
import { zFreeswitchApplied } from "../gateways/schemas.ts";

const extension = zExtensionNumber.meta({ example: "1001", description: "the agent's extension: every registered phone of it rings for a queue call" });

const editable = {
  status: z.enum(AGENT_STATUSES).openapi({ description: "Available: offered queue calls; On Break / Logged Out: not" }),
  wrapUpSeconds: z.number().int().min(0).max(3600).openapi({ description: "rest after a queue call before the next is offered" }),
  maxNoAnswer: z
    .number()
    .int()
    .min(0)
    .max(100)
    .openapi({ description: "unanswered offers in a row before FreeSWITCH puts the agent On Break; 0: never" }),
};

export const zAgentCreate = z
  .strictObject({
    extension,
    status: editable.status.default("Logged Out"),
    wrapUpSeconds: editable.wrapUpSeconds.default(10),
    maxNoAnswer: editable.maxNoAnswer.default(3),
  })
  .openapi("AgentCreate");

export const zAgentPatch = z
  .strictObject({
    status: editable.status.optional(),
    wrapUpSeconds: editable.wrapUpSeconds.optional(),
    maxNoAnswer: editable.maxNoAnswer.optional(),
  })
  .openapi("AgentPatch");

export const zAgentStatusBody = z.strictObject({ status: editable.status }).openapi("AgentStatusChange", { example: { status: "On Break" } });

export const zAgent = z
  .object({
    extension,
    ...editable,
    queues: z.array(z.string()).openapi({ description: "the queues this agent takes calls of" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Agent");

export const zAgentWritten = zAgent.extend({ freeswitch: zFreeswitchApplied }).openapi("AgentWritten");
export const zAgentDeleted = z.object({ extension, deleted: z.literal(true), freeswitch: zFreeswitchApplied }).openapi("AgentDeleted");
export const zAgentPage = zPageOf(zAgent, "AgentPage");
export const zAgentParam = z.object({ extension });

export type AgentCreate = z.infer<typeof zAgentCreate>;
export type AgentPatch = z.infer<typeof zAgentPatch>;
export type AgentView = z.infer<typeof zAgent>;

export const toAgentView = (a: QueueAgent, queues: string[]): AgentView => ({
  extension: a.extensionNumber,
  status: a.status,
  wrapUpSeconds: a.wrapUpSeconds,
  maxNoAnswer: a.maxNoAnswer,
  queues,
  createdAt: isoTime(a.createdAt),
  updatedAt: isoTime(a.updatedAt),
});
