/**
 * GET /dids/{number}/trace: what a call to a DID would do at a given moment,
 * decided by routeCall itself (the function the dialplan answers with), over
 * the tables as they are now. Nothing is rung and nothing is written.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { getDid } from "../../db/dids.ts";
import { createRoutingLookup } from "../../db/routing-lookup.ts";
import { routeCall } from "../../pbx/route-call.ts";
import { WEEKDAYS } from "../../pbx/time-conditions.ts";
import { readErrors } from "../crud-support.ts";
import { zDestination, zDidParam } from "./schemas.ts";

const destination = z.object({ type: z.string(), target: z.string() });

const zTraceStep = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("did"), number: z.string(), destination: zDestination }),
    z.object({
      kind: z.literal("time_condition"),
      name: z.string().openapi({ example: "business-hours" }),
      state: z.enum(["open", "closed"]),
      reason: z
        .object({
          kind: z.enum(["rule", "holiday", "no_rule"]),
          index: z.number().int().optional(),
          days: z.array(z.enum(WEEKDAYS)).optional(),
          open: z.string().optional(),
          close: z.string().optional(),
          date: z.string().optional(),
          name: z.string().optional(),
          hours: z.object({ open: z.string(), close: z.string() }).optional(),
        })
        .openapi({ description: "the weekly rule (by its index) or holiday that decided; no_rule: closed because no rule is open" }),
      local: z.string().openapi({ example: "2026-12-01 23:00 tue", description: "the PBX's wall clock the schedule was read on" }),
      destination,
    }),
    z.object({ kind: z.literal("extension"), number: z.string(), record: z.boolean() }),
    z.object({
      kind: z.literal("ring_group"),
      group: z.string(),
      steps: z.array(z.record(z.string(), z.unknown())).openapi({ description: "each bridge in turn: the group's members, then its fallbacks" }),
      hangupCause: z.string(),
      timeCondition: z.string().optional().openapi({ description: "when no step answers the call goes on to this time condition, decided at that moment" }),
      record: z.boolean(),
      notes: z.array(z.string()),
    }),
    z.object({
      kind: z.literal("queue"),
      queue: z.string().openapi({ example: "support" }),
      fallbackSteps: z.array(z.record(z.string(), z.unknown())).openapi({ description: "what rings after the caller's max wait in the queue, in turn" }),
      hangupCause: z.string(),
      timeCondition: z.string().optional().openapi({ description: "after the max wait (and the fallback's steps) the call goes on to this time condition, decided at that moment" }),
      record: z.boolean(),
      notes: z.array(z.string()),
    }),
    z.object({ kind: z.literal("reject"), cause: z.string(), reason: z.string() }),
  ])
  .openapi("DidTraceStep");

export const zDidTrace = z
  .object({
    number: z.string().openapi({ example: "998785553322" }),
    at: z.string().openapi({ format: "date-time", description: "the instant traced, in UTC" }),
    timeZone: z.string().openapi({ example: "Asia/Tashkent" }),
    chain: z.array(zTraceStep).openapi({ description: "the DID, each time condition passed, and where the call ends: an extension, a ring group, a queue, or a hang-up" }),
  })
  .openapi("DidTrace", {
    example: {
      number: "998785553322",
      at: "2026-12-01T18:00:00.000Z",
      timeZone: "Asia/Tashkent",
      chain: [
        { kind: "did", number: "998785553322", destination: { type: "time_condition", target: "business-hours" } },
        {
          kind: "time_condition",
          name: "business-hours",
          state: "closed",
          reason: { kind: "no_rule" },
          local: "2026-12-01 23:00 tue",
          destination: { type: "extension", target: "1001" },
        },
        { kind: "extension", number: "1001", record: false },
      ],
    },
  });

/** `+05:00` typed into a URL unencoded arrives as ` 05:00`: put the plus back. */
const instant = z
  .string()
  .transform((s) => s.replace(/ (\d{2}:\d{2})$/, "+$1"))
  .pipe(z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with Z or an offset, e.g. 2026-12-01T23:00:00+05:00" }))
  .optional()
  .openapi({ example: "2026-12-01T23:00:00+05:00", description: "the moment to trace; absent: now" });

export const traceRoute = createRoute({
  method: "get",
  path: "/dids/{number}/trace",
  operationId: "traceDid",
  tags: ["dids"],
  summary: "What a call to this DID would do at a moment: each time condition passed and why, and where it ends",
  request: { params: zDidParam, query: z.object({ at: instant }) },
  responses: { 200: { description: "the path a call takes", content: { "application/json": { schema: zDidTrace } } }, ...readErrors },
});

export type DidTrace = z.infer<typeof zDidTrace>;

/** The trace of a stored DID (`number` already normalized) at `at`. */
export function traceDid(db: Parameters<typeof createRoutingLookup>[0], number: string, at: Date, timeZone: string): DidTrace {
  const { did } = getDid(db, number);
  const decision = routeCall({ context: "public", destination: number, clock: { at, timeZone } }, createRoutingLookup(db));
  const chain: DidTrace["chain"] = [
    { kind: "did", number: did.number, destination: { type: did.destinationType, target: did.destinationTarget } },
  ];
  if (decision.context === "public") {
    for (const s of decision.via ?? []) {
      chain.push({ kind: "time_condition", name: s.timeCondition, state: s.state, reason: s.reason.kind === "rule" ? { ...s.reason, days: [...s.reason.days] } : s.reason, local: s.local, destination: s.destination });
    }
  }
  const t = decision.target;
  if (t.kind === "extension") chain.push({ kind: "extension", number: t.number, record: t.record });
  else if (t.kind === "ring_group") {
    chain.push({ kind: "ring_group", group: t.group, steps: t.steps, hangupCause: t.hangupCause, ...(t.timeCondition === undefined ? {} : { timeCondition: t.timeCondition }), record: t.record, notes: t.notes });
  } else if (t.kind === "queue") {
    chain.push({ kind: "queue", queue: t.queue, fallbackSteps: t.fallbackSteps, hangupCause: t.hangupCause, ...(t.timeCondition === undefined ? {} : { timeCondition: t.timeCondition }), record: t.record, notes: t.notes });
  }
  else if (t.kind === "reject") chain.push({ kind: "reject", cause: t.cause, reason: t.reason });
  return { number: did.number, at: at.toISOString(), timeZone, chain };
}
