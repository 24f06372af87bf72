/**
 * Who may POST CDRs: the same rule as xml_curl (CALLBOARD_XMLCURL_ALLOW and
 * optional basic auth). Kept here until a shared guard exists; see
 * docs/cdr.md.
 */
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** `::ffff:127.0.0.1` is how a dual-stack socket reports an IPv4 peer. */
const normalizeAddress = (address: string) => address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");

/** Exact addresses, or IPv4 networks as `a.b.c.d/n`. */
export function addressAllowed(address: string, allow: readonly string[]): boolean {
  const addr = normalizeAddress(address);
  const addrInt = ipv4ToInt(addr);
  return allow.some((entry) => {
    const [net, bitsText] = entry.trim().toLowerCase().split("/");
    if (bitsText === undefined) return net === addr;
    const netInt = ipv4ToInt(net ?? "");
    const bits = Number(bitsText);
    if (addrInt === undefined || netInt === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((addrInt & mask) >>> 0) === ((netInt & mask) >>> 0);
  });
}

function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // No socket behind the request (an in-process call without a server): nobody to trust.
    return undefined;
  }
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function basicAuthOk(header: string | undefined, expected: { user: string; password: string }): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared every time, so a wrong user name takes as long as a wrong password.
  const userOk = sameSecret(decoded.slice(0, colon), expected.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), expected.password);
  return userOk && passwordOk;
}

export function freeswitchSourceGuard(rules: Config["xmlcurl"], log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const address = remoteAddress(c);
    if (!address || !addressAllowed(address, rules.allow)) {
      log.warn({ address, path: c.req.path }, "FreeSWITCH endpoint refused: source address not allowed");
      return c.json({ error: { code: "forbidden", message: "source address not allowed" } }, 403);
    }
    if (rules.basicAuth && !basicAuthOk(c.req.header("authorization"), rules.basicAuth)) {
      log.warn({ address, path: c.req.path }, "FreeSWITCH endpoint refused: bad basic auth");
      c.header("WWW-Authenticate", 'Basic realm="callboard"');
      return c.json({ error: { code: "unauthorized", message: "basic auth required" } }, 401);
    }
    await next();
  };
}
