import { timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export type AddressRules = { allows(address: string): boolean; invalid: string[] };

/**
 * Addresses and networks FreeSWITCH may call from: `127.0.0.1`, `::1`,
 * `10.0.0.0/8`, `fd00::/8`. An IPv4 rule also covers the same peer seen on a
 * dual-stack socket (`::ffff:127.0.0.1`). Entries that do not parse allow
 * nothing and are reported.
 */
export function addressRules(allow: readonly string[]): AddressRules {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const raw of allow) {
    const entry = raw.trim();
    const [addr = "", bits, extra] = entry.split("/");
    const plain = addr.replace(MAPPED_V4, "$1");
    const family = isIP(plain);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (prefix !== undefined && (!/^\d{1,3}$/.test(bits ?? "") || prefix > max))) {
      invalid.push(entry);
      continue;
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(plain, type);
    else list.addSubnet(plain, prefix, type);
  }
  return {
    invalid,
    allows(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** The TCP peer from Bun's server; undefined when there is no socket (app.request without a server in env). */
export function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip", "via"];

function basicAuthOk(header: string | undefined, expected: { user: string; password: string }): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared every time: a wrong user name costs as long as a wrong password.
  const userOk = sameSecret(decoded.slice(0, colon), expected.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), expected.password);
  return userOk && passwordOk;
}

/** Peers whose decision is remembered; past this many (a scan) the memory starts over. */
const REMEMBERED_PEERS = 1024;

/** A refusal as plain text, whatever carries it: a Response (Bun.serve, Hono) or the xml_curl listener's own bytes. */
export type Refusal = { status: number; text: string; headers?: Record<string, string> };

export const refusalResponse = (r: Refusal) =>
  new Response(r.text, { status: r.status, headers: { "content-type": "text/plain; charset=UTF-8", ...r.headers } });

/** A request header by lower-case name; Headers.get fits, and so does the listener's parsed head. */
export type HeaderLookup = (name: string) => string | null | undefined;

/** Why a request to a FreeSWITCH endpoint is refused; undefined when it may pass. */
export type SourceCheck = (header: HeaderLookup, address: string | undefined, path: string) => Refusal | undefined;

/** A SourceCheck that can also answer for an address alone, before any request (the xml_curl listener's accept). */
export type FreeswitchSourceCheck = SourceCheck & { allows(address: string): boolean };

/**
 * Lets through only FreeSWITCH: a peer address in CALLBOARD_XMLCURL_ALLOW
 * (403 otherwise, also when the address is unknown) and, when configured, the
 * right basic-auth credentials (401 otherwise). A request carrying proxy
 * headers is refused (403): FreeSWITCH's libcurl never sends them, and a
 * reverse proxy on this host would otherwise hand loopback's trust (provider
 * passwords in sofia.conf, a1-hashes) to anyone it forwards. Shared by
 * xml_curl and CDR ingest.
 *
 * The allow list's answer for an address is remembered: FreeSWITCH asks from
 * one or two addresses, thousands of times a second in a registration storm.
 */
export function freeswitchSourceCheck(rules: Config["xmlcurl"], log: Logger): FreeswitchSourceCheck {
  const addresses = addressRules(rules.allow);
  for (const entry of addresses.invalid) log.error({ entry }, "CALLBOARD_XMLCURL_ALLOW entry is not an address or network; ignored");
  const decided = new Map<string, boolean>();
  const allows = (address: string) => {
    let ok = decided.get(address);
    if (ok === undefined) {
      if (decided.size >= REMEMBERED_PEERS) decided.clear();
      ok = addresses.allows(address);
      decided.set(address, ok);
    }
    return ok;
  };
  const check: SourceCheck = (header, address, path) => {
    const proxied = PROXY_HEADERS.find((h) => header(h) != null);
    if (proxied) {
      log.warn({ header: proxied, path }, "FreeSWITCH endpoint refused: request came through a proxy");
      return { status: 403, text: "proxied requests are not allowed here\n" };
    }
    if (!address || !allows(address)) {
      log.warn({ address: address ?? "unknown", path }, "FreeSWITCH endpoint refused: source address not allowed");
      return { status: 403, text: "source address not allowed\n" };
    }
    if (rules.basicAuth && !basicAuthOk(header("authorization") ?? undefined, rules.basicAuth)) {
      log.warn({ address, path }, "FreeSWITCH endpoint refused: bad basic auth");
      return { status: 401, text: "basic auth required\n", headers: { "WWW-Authenticate": 'Basic realm="callboard"' } };
    }
    return undefined;
  };
  return Object.assign(check, { allows });
}

/** freeswitchSourceCheck as Hono middleware, for the endpoints served through Hono. */
export const freeswitchSourceGuard = (rules: Config["xmlcurl"], log: Logger): MiddlewareHandler => sourceGuard(freeswitchSourceCheck(rules, log));

export function sourceGuard(check: SourceCheck): MiddlewareHandler {
  return async (c, next) => {
    const headers = c.req.raw.headers;
    const refused = check((name) => headers.get(name), peerAddress(c), c.req.path);
    if (refused) return refusalResponse(refused);
    await next();
  };
}
