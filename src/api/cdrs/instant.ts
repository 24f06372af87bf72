import { z } from "@hono/zod-openapi";

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A point in time as scripts write it: ISO 8601 (`2026-11-22`,
 * `2026-11-22T10:00:00+05:00`) or a Unix epoch in seconds, milliseconds or
 * microseconds (FreeSWITCH's own unit), told apart by their digit count.
 */
export function parseInstant(text: string): Date | undefined {
  // An unencoded `+05:00` in a query string arrives as ` 05:00`.
  const s = text.trim().replace(/^(.*T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, "$1+$2");
  if (/^\d{1,17}$/.test(s)) {
    const n = Number(s);
    const ms = s.length <= 11 ? n * 1000 : s.length <= 14 ? n : Math.floor(n / 1000);
    return new Date(ms);
  }
  if (!ISO_8601.test(s)) return undefined;
  const ms = Date.parse(s.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export const zInstant = z
  .string()
  .transform((s, ctx) => {
    const at = parseInstant(s);
    if (!at) {
      ctx.addIssue({ code: "custom", message: "must be ISO 8601 (2026-11-22T10:00:00Z) or a Unix epoch" });
      return z.NEVER;
    }
    return at;
  })
  .openapi({ type: "string", example: "2026-11-22T00:00:00Z" });
