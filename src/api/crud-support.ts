/** Shared by the /api/v1 resource routers: body validation, documented error answers. */
import { z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { ApiError, fromZod } from "./errors.ts";

/**
 * Validation for request parts: an unknown body field (a typo such as
 * `outbound_class`) is named like any other bad field instead of being ignored.
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError }): undefined {
  if (result.success) return;
  const issue = result.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const field = [...issue.path, issue.keys[0]].join(".");
    throw new ApiError(422, "invalid", `${field}: unknown field`, field);
  }
  throw fromZod(result.error);
}

export const zErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid" }),
      message: z.string(),
      field: z.string().optional().openapi({ example: "password" }),
    }),
  })
  .openapi("Error");

const errorContent = (description: string) => ({ description, content: { "application/json": { schema: zErrorBody } } });

/** Documented error answers, so /api/docs shows what each route can refuse with. */
export const errorResponses = {
  400: errorContent("malformed JSON, or a body that is not UTF-8"),
  401: errorContent("missing or invalid bearer token"),
  403: errorContent("the token's role may only read"),
  404: errorContent("no such object"),
  409: errorContent("duplicate, or still referenced"),
  413: errorContent("the body is larger than 1 MiB"),
  422: errorContent("a field is invalid (a lone UTF-16 surrogate included); `field` names it"),
  429: errorContent("too many failed authentications from this address"),
} as const;

export const readErrors = { 401: errorResponses[401], 404: errorResponses[404], 422: errorResponses[422], 429: errorResponses[429] } as const;
/** Lists: nothing to be missing, but a query parameter may be invalid. */
export const listErrors = { 401: errorResponses[401], 422: errorResponses[422], 429: errorResponses[429] } as const;
export const writeErrors = errorResponses;

export const isoTime = (d: Date) => d.toISOString();
