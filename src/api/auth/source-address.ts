import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/**
 * The peer address of the TCP connection, from Bun's server. Forwarded-for
 * headers are ignored on purpose: any client can write them. In-process
 * requests (app.request in tests) have no socket and share "unknown".
 */
export function sourceAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
