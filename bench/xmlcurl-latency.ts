/**
 * xml_curl latency with 10 000 extensions, 10 000 DIDs and 200 outbound routes
 * in a temporary SQLite file (WAL, as in production), measured through
 * app.request (routing, guard, parsing, query, render, log line) and printed
 * as p50/p99 in microseconds, with ratios against two baselines measured in
 * the same run: the not-found path (same guard, parsing and log line, no
 * database) and a bare Hono route.
 *
 *   bun bench/xmlcurl-latency.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Hono } from "hono";
import { createHttpApp } from "../src/system.ts";
import { openDb } from "../src/db/client.ts";
import { dids, extensions, gateways, outboundRoutes } from "../src/db/schema.ts";
import { createSecretBox } from "../src/db/secret-box.ts";
import { createLogger } from "../src/log.ts";
import { emptyLive, offlineEsl, testConfig } from "../test/support/deps.ts";
import { a1, editBody, fixtureBody, fromAddress } from "../test/support/xmlcurl-bodies.ts";

const EXTENSIONS = 10_000;
const ROUTES = 200;
const WARMUP = 500;
const RUNS = 5_000;

const dir = mkdtempSync(join(tmpdir(), "callboard-bench-"));
const db = openDb(join(dir, "bench.sqlite"));
const secrets = createSecretBox(Buffer.alloc(32, 7));
const config = testConfig();
const domain = config.domain;
const ext = (i: number) => String(100000 + i);
const didNumber = (i: number) => `99871${String(i).padStart(7, "0")}`;

const hash = a1("100000", "Bench-pass-123", domain);
db.transaction((tx) => {
  for (let i = 0; i < EXTENSIONS; i += 500) {
    const rows = Array.from({ length: Math.min(500, EXTENSIONS - i) }, (_, k) => ({
      number: ext(i + k),
      name: `Operator ${i + k}`,
      a1Hash: hash,
      realm: domain,
    }));
    tx.insert(extensions).values(rows).run();
    tx.insert(dids)
      .values(rows.map((r, k) => ({ number: didNumber(i + k), destinationType: "extension" as const, destinationTarget: r.number })))
      .run();
  }
  const gw = tx
    .insert(gateways)
    .values({ name: "belluz", host: "bell.uz", username: "998785553322", passwordEnc: secrets.seal("belluz-Secret-9") })
    .returning()
    .get();
  // The route that matches mobiles comes last: every outbound call tries all the others first.
  const routes = Array.from({ length: ROUTES - 1 }, (_, i) => ({ name: `r${i}`, pattern: `^(7${String(i).padStart(3, "0")}\\d{6})$`, gatewayId: gw.id, priority: i }));
  tx.insert(outboundRoutes).values(routes).run();
  tx.insert(outboundRoutes).values({ name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gatewayId: gw.id, priority: 10_000 }).run();
});

const discard = new Writable({ write: (_c, _e, done) => done() });
const app = createHttpApp({ db, config, log: createLogger("info", discard), esl: offlineEsl(), live: emptyLive(), secrets });
const bare = new Hono().post("/freeswitch/xml", (c) => c.text("ok"));
const env = fromAddress("127.0.0.1");

const pick = (i: number) => (i * 7919) % EXTENSIONS;
const bodies = {
  register: Array.from({ length: 64 }, (_, i) =>
    editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: domain, domain, sip_auth_realm: domain, user: ext(pick(i)), sip_auth_username: ext(pick(i)) }),
  ),
  internal: Array.from({ length: 64 }, (_, i) =>
    editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
      variable_user_name: ext(pick(i)),
      "Caller-Destination-Number": ext(pick(i + 1)),
      "Hunt-Destination-Number": ext(pick(i + 1)),
    }),
  ),
  outbound: [editBody(fixtureBody("dialplan-default-outbound-998901234567"), { variable_user_name: ext(42) })],
  did: Array.from({ length: 64 }, (_, i) =>
    editBody(fixtureBody("dialplan-public-inbound-did-998785553322"), { "Caller-Destination-Number": didNumber(pick(i)) }),
  ),
  sofia: [fixtureBody("configuration-sofia.conf-config_sofia")],
  notFound: [fixtureBody("configuration-acl.conf")],
};

async function measure(target: Hono<any, any, any>, list: string[]): Promise<{ p50: number; p99: number }> {
  const post = (body: string) =>
    target.request("/freeswitch/xml", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }, env);
  for (let i = 0; i < WARMUP; i++) await (await post(list[i % list.length] ?? "")).text();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await (await post(list[i % list.length] ?? "")).text();
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

const bareline = await measure(bare, bodies.register);
const baseline = await measure(app, bodies.notFound);
console.log(`xml_curl latency: ${EXTENSIONS} extensions, ${EXTENSIONS} DIDs, ${ROUTES} routes, ${RUNS} requests each`);
console.log(`${"case".padEnd(34)}${"p50 µs".padStart(9)}${"p99 µs".padStart(9)}${"×not-found".padStart(12)}${"×bare".padStart(8)}`);
const row = (name: string, r: { p50: number; p99: number }) =>
  console.log(
    `${name.padEnd(34)}${r.p50.toFixed(0).padStart(9)}${r.p99.toFixed(0).padStart(9)}` +
      `${(r.p50 / baseline.p50).toFixed(1).padStart(12)}${(r.p50 / bareline.p50).toFixed(0).padStart(8)}`,
  );
row("bare Hono route", bareline);
row("not found (acl.conf, baseline)", baseline);
row("directory sip_auth REGISTER", await measure(app, bodies.register));
row("dialplan extension → extension", await measure(app, bodies.internal));
row("dialplan outbound (200th route)", await measure(app, bodies.outbound));
row("dialplan public DID → extension", await measure(app, bodies.did));
row("configuration sofia.conf", await measure(app, bodies.sofia));

db.$client.close();
rmSync(dir, { recursive: true, force: true });
