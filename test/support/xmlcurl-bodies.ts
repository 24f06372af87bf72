import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import type { AppDeps } from "../../src/http/deps.ts";
import { dids, extensions, gateways, outboundRoutes } from "../../src/db/schema.ts";
import { TEST_DOMAIN } from "./deps.ts";

export const XMLCURL_DIR = join(import.meta.dir, "../fixtures/freeswitch/xmlcurl-requests");
export const NOT_FOUND = readFileSync(join(XMLCURL_DIR, "configuration-acl.conf.response.xml"), "utf8");

/** The raw body FreeSWITCH POSTed, byte for byte. */
export const fixtureBody = (stem: string) => readFileSync(join(XMLCURL_DIR, `${stem}.body`), "utf8");

const UNSAFE = "\r\n #%&+:;<=>?@[\\]^`{|}\"";

/** switch_url_encode: the unsafe set and every non-ASCII byte as %XX, nothing else. */
export function fsEncode(value: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || UNSAFE.includes(ch) ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}` : ch;
  }
  return out;
}

/** Replaces the value of every field named in `changes` (the user/number/domain edits the golden tests need). */
export function editBody(body: string, changes: Record<string, string>): string {
  const seen = new Set<string>();
  const pairs = body.split("&").map((pair) => {
    const name = pair.slice(0, pair.indexOf("="));
    if (!(name in changes)) return pair;
    seen.add(name);
    return `${name}=${fsEncode(changes[name] ?? "")}`;
  });
  for (const name of Object.keys(changes)) if (!seen.has(name)) throw new Error(`fixture has no field ${name}`);
  return pairs.join("&");
}

/** A Bun-server stand-in so hono/bun's getConnInfo sees a peer address in app.request. */
export const fromAddress = (address: string) => ({
  requestIP: () => ({ address, family: address.includes(":") ? "IPv6" : "IPv4", port: 40000 }),
});

export function postXml(
  app: Hono<any, any, any>,
  body: string,
  opts: { address?: string | null; headers?: Record<string, string> } = {},
) {
  const address = opts.address === undefined ? "127.0.0.1" : opts.address;
  return app.request(
    "/freeswitch/xml",
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...opts.headers },
      body,
    },
    address === null ? undefined : fromAddress(address),
  );
}

export const PASSWORDS = { "1001": "Lab-pass-1001-x", "1002": "Lab-pass-1002-x" } as const;
export const a1 = (number: string, password: string, realm = TEST_DOMAIN) =>
  createHash("md5").update(`${number}:${realm}:${password}`).digest("hex");
export const BELLUZ_PASSWORD = "belluz-Secret-9";

/** The scenario, written straight with drizzle: 1001, 1002, gateway belluz, DID → 1001, route uz-mobile. */
export function seedPbx(deps: AppDeps) {
  const db = deps.db;
  db.insert(extensions)
    .values([
      { number: "1001", name: "Operator 1", a1Hash: a1("1001", PASSWORDS["1001"]), realm: TEST_DOMAIN, outboundClass: "national" },
      { number: "1002", name: "Оператор Два", a1Hash: a1("1002", PASSWORDS["1002"]), realm: TEST_DOMAIN, outboundClass: "internal" },
    ])
    .run();
  const gw = db
    .insert(gateways)
    .values({
      name: "belluz",
      host: "bell.uz",
      port: 5060,
      transport: "udp",
      username: "998785553322",
      passwordEnc: deps.secrets.seal(BELLUZ_PASSWORD),
      register: true,
      expireSeconds: 600,
      retrySeconds: 30,
    })
    .returning({ id: gateways.id })
    .get();
  db.insert(dids)
    .values({ number: "998785553322", gatewayId: gw.id, destinationType: "extension", destinationTarget: "1001" })
    .run();
  db.insert(outboundRoutes)
    .values({ name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gatewayId: gw.id, requiredClass: "national", callerIdNumber: "998785553322" })
    .run();
  return { gatewayId: gw.id };
}
