import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps } from "../../http/deps.ts";
import type { ErrorBody } from "../errors.ts";
import { createFailureLimiter } from "./failure-limiter.ts";
import { sourceAddress } from "./source-address.ts";
import { findToken, type Role, touchToken } from "../../db/tokens.ts";

export type AuthInfo = { tokenId: number; tokenName: string; role: Role };

declare module "hono" {
  interface ContextVariableMap {
    auth: AuthInfo;
  }
}

export const MAX_AUTH_FAILURES_PER_MINUTE = 10;
/** Browsers cannot set headers on a WebSocket upgrade, so this one path may carry `?token=`. */
const EVENTS_PATH = "/api/v1/events";
const READ_METHODS = new Set(["GET", "HEAD"]);

const fail = (c: Context, status: 401 | 403 | 429, code: string, message: string) =>
  c.json({ error: { code, message } } satisfies ErrorBody, status);

function presentedToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,256})[ ]*$/i.exec(header);
    return match?.[1];
  }
  const isUpgrade = c.req.method === "GET" && c.req.path === EVENTS_PATH && c.req.header("upgrade")?.toLowerCase() === "websocket";
  return isUpgrade ? c.req.query("token") : undefined;
}

/** IPv6 hosts own a whole /64, so failures count per /64, not per address. */
export function limiterKey(address: string): string {
  if (!address.includes(":") || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * Every /api/v1 route: a bearer token stored hashed, `viewer` read-only,
 * failed attempts limited per source address (per /64 for IPv6). The
 * limiter belongs to this app.
 */
export function bearerAuth(deps: AppDeps): MiddlewareHandler {
  const now = deps.now ?? Date.now;
  const limiter = createFailureLimiter({ maxFailures: MAX_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000, now });

  return async (c, next) => {
    const token = presentedToken(c);
    const row = token ? findToken(deps.db, token) : undefined;
    if (!row) {
      // A valid token is never refused here: otherwise ten bad guesses from a shared
      // address (loopback, a proxy) would lock out `callboard top` and every script.
      const address = limiterKey(sourceAddress(c));
      const wait = limiter.blockedFor(address);
      if (wait > 0) {
        c.header("Retry-After", String(Math.ceil(wait / 1000)));
        return fail(c, 429, "rate_limited", "too many failed authentications from this address; retry later");
      }
      limiter.recordFailure(address);
      deps.log.warn({ address, path: c.req.path, presented: token !== undefined }, "api authentication failed");
      c.header("WWW-Authenticate", 'Bearer realm="callboard"');
      return token
        ? fail(c, 401, "unauthorized", "the bearer token is not valid")
        : fail(c, 401, "unauthorized", "send Authorization: Bearer <token> (create one with `callboard token create`)");
    }
    if (row.role !== "admin" && !READ_METHODS.has(c.req.method)) {
      return fail(c, 403, "forbidden", `token "${row.name}" has role ${row.role}, which may only read`);
    }
    touchToken(deps.db, row, now());
    c.set("auth", { tokenId: row.id, tokenName: row.name, role: row.role });
    await next();
  };
}
