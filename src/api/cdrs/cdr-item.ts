import { z } from "@hono/zod-openapi";
import type { CdrWithRecordings } from "../../db/cdrs.ts";

/** One leg as the API shows it: times in ISO 8601 UTC, the raw body left out. */
export const zCdrItem = z
  .object({
    uuid: z.string().openapi({ description: "this leg's channel uuid" }),
    callUuid: z.string().openapi({ description: "the A leg's uuid, shared by every leg of the call" }),
    leg: z.enum(["a", "b"]),
    direction: z.enum(["inbound", "outbound", "internal"]),
    callerIdNumber: z.string().nullable(),
    callerIdName: z.string().nullable(),
    destinationNumber: z.string().nullable(),
    extension: z.string().nullable(),
    did: z.string().nullable(),
    gateway: z.string().nullable(),
    context: z.string().nullable(),
    startedAt: z.string(),
    answeredAt: z.string().nullable(),
    endedAt: z.string(),
    durationSeconds: z.number().int(),
    billSeconds: z.number().int(),
    hangupCause: z.string(),
    recordingIds: z.array(z.number().int()),
  })
  .openapi("Cdr");

export type CdrItem = z.infer<typeof zCdrItem>;

export function toCdrItem({ cdr: row, recordingIds }: CdrWithRecordings): CdrItem {
  return {
    uuid: row.uuid,
    callUuid: row.callUuid,
    leg: row.leg,
    direction: row.direction,
    callerIdNumber: row.callerIdNumber,
    callerIdName: row.callerIdName,
    destinationNumber: row.destinationNumber,
    extension: row.extension,
    did: row.did,
    gateway: row.gateway,
    context: row.context,
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt.toISOString(),
    durationSeconds: row.durationSeconds,
    billSeconds: row.billSeconds,
    hangupCause: row.hangupCause,
    recordingIds,
  };
}
