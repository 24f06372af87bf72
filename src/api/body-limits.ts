import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { BODY_LIMITS } from "../http/body-limits.ts";
import { ApiError } from "./errors.ts";

const MiB = 1024 * 1024;

const tooLarge = (maxSize: number, what: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, "too_large", `${what} is larger than ${maxSize / MiB} MiB`);
    },
  });

/**
 * An audio upload (POST/PUT /api/v1/sounds/{name}, PUT a voicemail box's
 * greeting): raw WAV bytes, not JSON text, with a limit of its own.
 */
export const isSoundUpload = (c: Context) =>
  (c.req.method === "POST" || c.req.method === "PUT") &&
  (c.req.path.startsWith("/api/v1/sounds/") || /^\/api\/v1\/extensions\/[^/]+\/voicemail\/greeting$/.test(c.req.path));

const restLimit = tooLarge(BODY_LIMITS.rest, "the request body");

/** /api/v1: 413 in the one JSON error shape; sound uploads are limited by soundBodyLimit instead. */
export const restBodyLimit = (): MiddlewareHandler => (c, next) => (isSoundUpload(c) ? next() : restLimit(c, next));

/** A sound's WAV, refused before it is read when it declares more. */
export const soundBodyLimit = (): MiddlewareHandler => tooLarge(BODY_LIMITS.sound, "the sound");
