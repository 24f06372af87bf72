/**
 * Every REST body must be text a client meant: invalid UTF-8 is refused (400)
 * instead of being decoded to U+FFFD, and a string or key holding a lone
 * UTF-16 surrogate (JSON lets `"\ud800"` through) is refused with 422 naming
 * the field. Otherwise SQLite stores U+FFFD and, say, a gateway password
 * silently differs from the one the admin sent.
 */
import type { MiddlewareHandler } from "hono";
import { isSoundUpload } from "./body-limits.ts";
import { ApiError } from "./errors.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The dotted path (`destination.target`, `items.0`) of the first string or key
 * that is not well-formed, "" for the body itself, undefined when all are.
 * Iterative: a deeply nested body must not overflow the stack.
 */
export function illFormedField(value: unknown): string | undefined {
  const pending: [value: unknown, path: string, keyOk: boolean][] = [[value, "", true]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, path, keyOk] = next;
    if (!keyOk || (typeof v === "string" && !v.isWellFormed())) return path;
    if (typeof v !== "object" || v === null) continue;
    const entries = Object.entries(v);
    // Reversed so the first field in the body is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const ok = key.isWellFormed();
      // An ill-formed key cannot be named as it is; its JSON escape (`\ud800`) can.
      pending.push([child, join(path, ok ? key : JSON.stringify(key).slice(1, -1)), ok]);
    }
  }
  return undefined;
}

/** Malformed JSON is left to the route's validator, which answers 400 for it. A sound's body is audio, not text. */
export const refuseIllFormedBody = (): MiddlewareHandler => async (c, next) => {
  if (!c.req.raw.body || isSoundUpload(c)) return next();
  let text: string;
  try {
    text = utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new ApiError(400, "bad_request", "the body is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return next();
  }
  const field = illFormedField(json);
  if (field !== undefined) {
    const message = "is not well-formed Unicode (a lone UTF-16 surrogate); it would be stored as U+FFFD";
    throw new ApiError(422, "invalid", `${field || "body"}: ${message}`, field || undefined);
  }
  return next();
};
