import { basename, extname } from "node:path";
import { z } from "@hono/zod-openapi";
import { RECORDING_STATUSES } from "../../pbx/recording-outcome.ts";
import type { Recording } from "../../db/schema.ts";

/** A recording as the API shows it: by id and file name, never by path (clients never name a path). */
export const zRecordingItem = z
  .object({
    id: z.number().int(),
    callUuid: z.string().nullable(),
    channelUuid: z.string(),
    fileName: z.string(),
    format: z.string().openapi({ example: "wav" }),
    durationMs: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
    startedAt: z.string().nullable(),
    status: z.enum(RECORDING_STATUSES).openapi({
      description:
        "ok: the file holds audio; missing: no file was on disk when the recording ended; empty: no audio (FreeSWITCH discarded it, or a bare header); failed: FreeSWITCH could not write it",
      example: "ok",
    }),
    createdAt: z.string(),
    audioUrl: z.string().openapi({ example: "/api/v1/recordings/7/audio" }),
  })
  .openapi("Recording");

export type RecordingItem = z.infer<typeof zRecordingItem>;

export function toRecordingItem(row: Recording): RecordingItem {
  return {
    id: row.id,
    callUuid: row.callUuid,
    channelUuid: row.channelUuid,
    fileName: basename(row.path),
    format: extname(row.path).slice(1).toLowerCase(),
    durationMs: row.durationMs,
    sizeBytes: row.sizeBytes,
    startedAt: row.startedAt?.toISOString() ?? null,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    audioUrl: `/api/v1/recordings/${row.id}/audio`,
  };
}
