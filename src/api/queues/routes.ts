import { createRoute } from "@hono/zod-openapi";
import { crudRoutes } from "../crud-routes.ts";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zAgent, zAgentCreate, zAgentDeleted, zAgentPage, zAgentParam, zAgentPatch, zAgentStatusBody, zAgentWritten } from "./agent-schemas.ts";
import { zQueue, zQueueCreate, zQueueDeleted, zQueuePage, zQueueParam, zQueuePatch, zQueueWritten } from "./schemas.ts";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

export const queueRoutes = crudRoutes({
  path: "/queues",
  tag: "queues",
  singular: "Queue",
  plural: "Queues",
  schemas: { param: zQueueParam, item: zQueue, page: zQueuePage, create: zQueueCreate, patch: zQueuePatch, written: zQueueWritten, deleted: zQueueDeleted },
  summaries: {
    list: "List call-centre queues, ordered by name",
    create: "Create a queue (422 for an agent that is not one, or an unknown fallback); loaded into FreeSWITCH at once",
    get: "One queue",
    patch: "Change fields of a queue; `agents` replaces the whole list; reloaded in FreeSWITCH at once",
    delete: "Delete a queue (409 while a DID points at it)",
  },
  describe: { page: "a page of queues", item: "the queue" },
});

export const listAgentsRoute = createRoute({
  method: "get",
  path: "/agents",
  operationId: "listAgents",
  tags: ["queues"],
  summary: "List queue agents, ordered by extension",
  request: { query: zPageQuery },
  responses: { 200: json(zAgentPage, "a page of agents"), ...listErrors },
});

export const createAgentRoute = createRoute({
  method: "post",
  path: "/agents",
  operationId: "createAgent",
  tags: ["queues"],
  summary: "Make an extension a queue agent (422 for an unknown extension, 409 if it already is one)",
  request: { body: body(zAgentCreate) },
  responses: { 201: json(zAgentWritten, "created"), ...writeErrors },
});

export const getAgentRoute = createRoute({
  method: "get",
  path: "/agents/{extension}",
  operationId: "getAgent",
  tags: ["queues"],
  summary: "One agent",
  request: { params: zAgentParam },
  responses: { 200: json(zAgent, "the agent"), ...readErrors },
});

export const patchAgentRoute = createRoute({
  method: "patch",
  path: "/agents/{extension}",
  operationId: "updateAgent",
  tags: ["queues"],
  summary: "Change an agent's status, wrap-up or no-answer limit; applied in FreeSWITCH at once",
  request: { params: zAgentParam, body: body(zAgentPatch) },
  responses: { 200: json(zAgentWritten, "the agent as stored"), ...writeErrors },
});

export const setAgentStatusRoute = createRoute({
  method: "put",
  path: "/agents/{extension}/status",
  operationId: "setAgentStatus",
  tags: ["queues"],
  summary: "Log an agent in (Available), out (Logged Out) or on break (On Break), live in FreeSWITCH",
  request: { params: zAgentParam, body: body(zAgentStatusBody) },
  responses: { 200: json(zAgentWritten, "the agent as stored"), ...writeErrors },
});

export const deleteAgentRoute = createRoute({
  method: "delete",
  path: "/agents/{extension}",
  operationId: "deleteAgent",
  tags: ["queues"],
  summary: "Stop an extension being an agent (409 while it is in a queue)",
  request: { params: zAgentParam },
  responses: { 200: json(zAgentDeleted, "deleted, and whether mod_callcenter dropped the agent"), ...writeErrors },
});
