import { createRoute, z } from "@hono/zod-openapi";
import { RECORDING_STATUSES } from "../../pbx/recording-outcome.ts";
import { deleteRecordingRow, findRecording, listRecordings } from "../../db/recordings.ts";
import type { Recording } from "../../db/schema.ts";
import { errorResponses, listErrors, readErrors } from "../crud-support.ts";
import { zInstant } from "../cdrs/instant.ts";
import type { AppDeps } from "../../http/deps.ts";
import { ApiError, notFound } from "../errors.ts";
import { createApiRouter } from "../router.ts";
import { audioFileResponse } from "./file-response.ts";
import { type FileProblem, locateRecording, removeRecordingFile } from "./recording-file.ts";
import { toRecordingItem, zRecordingItem } from "./recording-item.ts";

const MAX_PAGE = 500;

/** The shared error body, described for what these routes mean by each status. */
const errorContent = (description: string) => ({ ...errorResponses[404], description });
const zId = z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: "id", in: "path" }, example: 7 }) });

const listRoute = createRoute({
  method: "get",
  path: "/recordings",
  operationId: "listRecordings",
  tags: ["recordings"],
  summary: "Recordings, newest first",
  request: {
    query: z.object({
      call: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be a call or leg uuid").optional().openapi({ description: "a call's (or one leg's) uuid" }),
      from: zInstant.optional(),
      to: zInstant.optional(),
      extension: z.string().regex(/^\d{2,6}$/, "must be an extension number").optional(),
      status: z.enum(RECORDING_STATUSES).optional().openapi({ description: "only recordings with this status, e.g. failed" }),
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: "a page of recordings",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(zRecordingItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
        },
      },
    },
    ...listErrors,
  },
});

const oneRoute = createRoute({
  method: "get",
  path: "/recordings/{id}",
  operationId: "getRecording",
  tags: ["recordings"],
  summary: "One recording",
  request: { params: zId },
  responses: { 200: { description: "the recording", content: { "application/json": { schema: zRecordingItem } } }, ...readErrors },
});

const audioRoute = createRoute({
  method: "get",
  path: "/recordings/{id}/audio",
  operationId: "getRecordingAudio",
  tags: ["recordings"],
  summary: "The audio, streamed; honours Range (206 / 416)",
  request: { params: zId },
  responses: {
    ...readErrors,
    200: { description: "the whole file", content: { "audio/wav": { schema: z.string() }, "audio/mpeg": { schema: z.string() } } },
    206: { description: "the requested byte range", content: { "audio/wav": { schema: z.string() }, "audio/mpeg": { schema: z.string() } } },
    403: errorContent("the file is outside the recordings directory, or callboard's user may not read it"),
    404: errorContent("no such recording, or its file is not on disk"),
    410: errorContent("the recording has no audio: FreeSWITCH could not write it (`recording_failed`) or discarded it (`recording_empty`)"),
    416: errorContent("the range selects nothing; Content-Range gives the size"),
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/recordings/{id}",
  operationId: "deleteRecording",
  tags: ["recordings"],
  summary: "Deletes the file and the row (admin)",
  request: { params: zId },
  responses: {
    200: {
      description: "the row is gone; fileRemoved says whether a file was deleted",
      content: { "application/json": { schema: z.object({ id: z.number().int(), fileRemoved: z.boolean(), message: z.string() }) } },
    },
    ...readErrors,
    403: errorContent("the token's role may only read, or callboard's user may not delete the file: nothing was deleted"),
  },
});

const DELETE_MESSAGES = {
  removed: "recording and file deleted",
  missing: "recording deleted; its file was already missing",
  outside: "recording deleted; its file is outside the recordings directory and was left in place",
  invalid: "recording deleted; its stored path cannot name a file, so no file was touched",
} as const;

const DENIED = "callboard's user may not access the file: give it the recordings directory's group (see docs/recordings.md)";

/** Why a recording has no audio to serve, in the words its stored status allows. */
function noAudio(row: Recording, problem: FileProblem): ApiError {
  if (problem === "outside") return new ApiError(403, "forbidden", "the recording's file is outside the recordings directory");
  if (problem === "denied") return new ApiError(403, "forbidden", DENIED);
  if (problem === "invalid") return new ApiError(404, "not_found", `recording ${row.id} has no file: its stored path cannot name one`);
  if (row.status === "failed") {
    return new ApiError(410, "recording_failed", `recording ${row.id} failed: FreeSWITCH could not write its file (\`callboard doctor\` checks why)`);
  }
  if (row.status === "empty") return new ApiError(410, "recording_empty", `recording ${row.id} has no audio: FreeSWITCH discarded it as empty`);
  return new ApiError(404, "not_found", `recording ${row.id}: the file is missing on disk`);
}

export function createRecordingsRouter(deps: AppDeps) {
  const router = createApiRouter();
  const dir = deps.config.recordingsDir;

  const mustFind = (id: number) => {
    const row = findRecording(deps.db, id);
    if (!row) throw notFound("recording", String(id));
    return row;
  };

  router.openapi(listRoute, (c) => {
    const q = c.req.valid("query");
    const { items, total } = listRecordings(deps.db, { ...q, callUuid: q.call });
    return c.json({ items: items.map(toRecordingItem), total, limit: q.limit, offset: q.offset }, 200);
  });

  router.openapi(oneRoute, (c) => c.json(toRecordingItem(mustFind(c.req.valid("param").id)), 200));

  router.openapi(audioRoute, async (c) => {
    const row = mustFind(c.req.valid("param").id);
    const file = await locateRecording(row.path, dir);
    if (!file.ok) {
      if (file.reason !== "missing") deps.log.warn({ id: row.id, path: row.path, reason: file.reason }, "recording not served");
      throw noAudio(row, file.reason);
    }

    return audioFileResponse(c, file, row.path);
  });

  router.openapi(deleteRoute, async (c) => {
    const row = mustFind(c.req.valid("param").id);
    const outcome = await removeRecordingFile(row.path, dir);
    // The row stays while its file does: deleting it would orphan a file no one could reach by id.
    if (outcome === "denied") throw new ApiError(403, "forbidden", `${DENIED}; nothing was deleted`);
    deleteRecordingRow(deps.db, row.id);
    deps.log.info({ id: row.id, path: row.path, file: outcome }, "recording deleted");
    return c.json({ id: row.id, fileRemoved: outcome === "removed", message: DELETE_MESSAGES[outcome] }, 200);
  });

  return router;
}
