/**
 * The OpenAPI description of GET /api/v1/events. OpenAPI has no words for
 * a WebSocket, so the operation documents the upgrade and its 101 answer
 * carries the schema of every message that follows.
 */
import { z, type RouteConfig } from "@hono/zod-openapi";
import { errorResponses } from "../crud-support.ts";
import { zCall, zChannel, zGatewayStatus, zQueueAgentState, zQueueCaller, zRegistration, zSwitchStatus } from "./schemas.ts";

const seq = z.number().int().openapi({ description: "the live state's sequence number; each change has the next one" });
const key = z.string().openapi({ description: "the channel or call uuid, registration id, gateway name, queue caller's member uuid, agent name, or `status`" });

const zSnapshotMessage = z
  .object({
    type: z.literal("snapshot"),
    seq,
    channels: z.array(zChannel),
    calls: z.array(zCall),
    registrations: z.array(zRegistration),
    gateways: z.array(zGatewayStatus),
    queueCallers: z.array(zQueueCaller),
    queueAgents: z.array(zQueueAgentState),
    status: zSwitchStatus,
  })
  .openapi("StreamSnapshot", { description: "The first message: the whole live state" });

const change = <K extends string>(kind: K) => ({ type: z.literal("change"), seq, kind: z.literal(kind), key });
const upsert = <K extends string, V extends z.ZodType>(kind: K, value: V) =>
  z.object({ ...change(kind), op: z.literal("upsert"), value });
const remove = <K extends string>(kind: K) => z.object({ ...change(kind), op: z.literal("remove") });

/** One variant per kind and op, so a client (callboard top's store among them) knows each value's type from `kind`. */
const zChangeMessage = z
  .union([
    upsert("channel", zChannel),
    remove("channel"),
    upsert("call", zCall),
    remove("call"),
    upsert("registration", zRegistration),
    remove("registration"),
    upsert("gateway", zGatewayStatus),
    remove("gateway"),
    upsert("queueCaller", zQueueCaller),
    remove("queueCaller"),
    upsert("queueAgent", zQueueAgentState),
    remove("queueAgent"),
    upsert("status", zSwitchStatus),
  ])
  .openapi("StreamChange", {
    description: "One change after the snapshot",
    example: { type: "change", seq: 42, kind: "gateway", op: "upsert", key: "belluz", value: { name: "belluz", state: "REGED", since: 1767225600000 } },
  });

export const zStreamMessage = z.union([zSnapshotMessage, zChangeMessage]).openapi("StreamMessage");

export const eventsRoute: RouteConfig = {
  method: "get",
  path: "/events",
  operationId: "streamEvents",
  tags: ["live"],
  summary: "WebSocket: the live state, then every change, as JSON text messages",
  description: [
    "Connect with a WebSocket client (`Upgrade: websocket`). The first message is a `snapshot` of the whole live state;",
    "each later one a `change` with the next `seq`. A client that falls behind by more than 1 MiB is closed with code",
    "1013 and should reconnect for a fresh snapshot. Browsers, which cannot set headers on an upgrade, may pass the",
    "token as `?token=` on this path only.",
  ].join(" "),
  request: {
    query: z.object({
      token: z.string().optional().openapi({ description: "the bearer token, for browsers; other clients send Authorization" }),
    }),
  },
  responses: {
    101: {
      description: "switching protocols; then one message per WebSocket text frame",
      content: { "application/json": { schema: zStreamMessage } },
    },
    401: errorResponses[401],
    426: { ...errorResponses[401], description: "not a WebSocket upgrade" },
    429: errorResponses[429],
  },
};
