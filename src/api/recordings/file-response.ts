import { basename } from "node:path";
import type { Context } from "hono";
import { ApiError } from "../errors.ts";
import { decideRange } from "./byte-range.ts";
import { audioContentType } from "./recording-file.ts";

/**
 * An audio file callboard located on disk, streamed whole (200) or the one
 * byte range the client asked for (206), so a player can seek; a range
 * outside the file is 416 with the size in Content-Range.
 */
export function audioFileResponse(c: Context, file: { realPath: string; size: number }, path: string) {
  const headers: Record<string, string> = {
    "Accept-Ranges": "bytes",
    "Content-Type": audioContentType(path),
    "Content-Disposition": `inline; filename="${basename(path).replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  };
  const range = decideRange(c.req.header("range"), file.size);
  if (range.kind === "unsatisfiable") {
    c.header("Content-Range", `bytes */${file.size}`);
    throw new ApiError(416, "range_not_satisfiable", `the file has ${file.size} bytes`);
  }
  const blob = Bun.file(file.realPath);
  if (range.kind === "full") return c.body(blob.stream(), 200, { ...headers, "Content-Length": String(file.size) });
  return c.body(blob.slice(range.start, range.end + 1).stream(), 206, {
    ...headers,
    "Content-Length": String(range.end - range.start + 1),
    "Content-Range": `bytes ${range.start}-${range.end}/${file.size}`,
  });
}
