/**
 * The live picture as `callboard top` receives it: the types of what the
 * REST API and GET /api/v1/events publish, inferred from their zod schemas,
 * so the dashboard cannot drift from what the server sends.
 */
import type { z } from "zod";
import type { zCdrItem } from "../api/cdrs/cdr-item.ts";
import type { zDid } from "../api/dids/schemas.ts";
import type { zDidTrace } from "../api/dids/trace.ts";
import type { zStreamMessage } from "../api/live/events-doc.ts";
import type { zCall, zChannel, zGatewayStatus, zQueueAgentState, zQueueCaller, zRegistration, zSwitchStatus } from "../api/live/schemas.ts";

export type Channel = z.infer<typeof zChannel>;
export type Call = z.infer<typeof zCall>;
export type Registration = z.infer<typeof zRegistration>;
export type GatewayStatus = z.infer<typeof zGatewayStatus>;
export type SwitchStatus = z.infer<typeof zSwitchStatus>;
export type QueueCaller = z.infer<typeof zQueueCaller>;
export type QueueAgent = z.infer<typeof zQueueAgentState>;
export type StreamMessage = z.infer<typeof zStreamMessage>;
export type LiveSnapshot = Omit<Extract<StreamMessage, { type: "snapshot" }>, "type">;
/** One finished leg from `GET /api/v1/cdrs`. */
export type CdrItem = z.infer<typeof zCdrItem>;
/** One DID from `GET /api/v1/dids`. */
export type Did = z.infer<typeof zDid>;
/** What a call to a DID would do now, from `GET /api/v1/dids/{number}/trace`. */
export type DidTrace = z.infer<typeof zDidTrace>;
