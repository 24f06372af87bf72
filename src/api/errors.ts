import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { WriteRefused } from "../db/write-refused.ts";
import type { Logger } from "../log.ts";

export type ErrorBody = { error: { code: string; message: string; field?: string } };

/** The one way a handler reports a failure; `onError` turns it into the JSON shape. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(status, { message });
  }
}

export const notFound = (what: string, key: string) => new ApiError(404, "not_found", `${what} ${key} does not exist`);
export const invalid = (field: string, message: string) => new ApiError(422, "invalid", message, field);
export const conflict = (message: string, field?: string) => new ApiError(409, "conflict", message, field);

/** First zod issue as a field path like `destination.target`. */
export function fromZod(error: ZodError, status: ContentfulStatusCode = 422): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  return new ApiError(status, "invalid", field ? `${field}: ${issue?.message}` : (issue?.message ?? "invalid input"), field);
}

/** What the repositories refuse, in the API's words: 404, 409 or 422, naming the field. */
const REFUSED: Record<WriteRefused["reason"], { status: ContentfulStatusCode; code: string }> = {
  missing: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  invalid: { status: 422, code: "invalid" },
};
const fromRefused = ({ reason, message, field }: WriteRefused) => new ApiError(REFUSED[reason].status, REFUSED[reason].code, message, field);

export function errorHandler(log: Logger) {
  return (thrown: Error, c: Context) => {
    const err = thrown instanceof WriteRefused ? fromRefused(thrown) : thrown;
    if (err instanceof ApiError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      const code = err.status === 401 ? "unauthorized" : err.status === 403 ? "forbidden" : "bad_request";
      return c.json({ error: { code, message: err.message || code } } satisfies ErrorBody, err.status);
    }
    log.error({ err, path: c.req.path }, "unhandled error");
    return c.json({ error: { code: "internal", message: "internal error" } } satisfies ErrorBody, 500);
  };
}
