import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { BODY_LIMITS } from "../http/body-limits.ts";
import { ApiError } from "./errors.ts";

const MiB = 1024 * 1024;

/** /api/v1: 413 in the one JSON error shape. */
export const restBodyLimit = (): MiddlewareHandler =>
  bodyLimit({
    maxSize: BODY_LIMITS.rest,
    onError: () => {
      throw new ApiError(413, "too_large", `the request body is larger than ${BODY_LIMITS.rest / MiB} MiB`);
    },
  });
