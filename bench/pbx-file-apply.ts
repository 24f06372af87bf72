/**
 * `callboard apply` at call-centre scale: a file of 1 000 extensions (and the
 * gateway, DIDs and routes around them) applied through app.request to a
 * temporary SQLite file (WAL, as in production). Prints milliseconds for the
 * plan, the first apply (1 000 creates), an apply changing every extension,
 * and the no-op apply, each with its ratio to the same 1 000 extensions made
 * by 1 000 REST POSTs in the same run.
 *
 *   bun bench/pbx-file-apply.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { createHttpApp } from "../src/system.ts";
import { createToken } from "../src/db/tokens.ts";
import { openDb } from "../src/db/client.ts";
import { createSecretBox } from "../src/db/secret-box.ts";
import { createLogger } from "../src/log.ts";
import { emptyLive, offlineEsl, testConfig } from "../test/support/deps.ts";

const EXTENSIONS = 1_000;
const dir = mkdtempSync(join(tmpdir(), "callboard-bench-apply-"));

function server(name: string) {
  const db = openDb(join(dir, `${name}.sqlite`));
  const deps = { db, config: testConfig(), log: createLogger("silent"), esl: offlineEsl(), live: emptyLive(), secrets: createSecretBox(Buffer.alloc(32, 7)) };
  const app = createHttpApp(deps);
  const token = createToken(db, "bench", "admin");
  return async (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

const extension = (i: number, suffix = "") => ({ number: String(10_000 + i), name: `Operator ${i}${suffix}`, ...(i % 10 === 0 ? { record: true } : {}) });
const file = (suffix = "") =>
  stringify({
    version: 1,
    extensions: Array.from({ length: EXTENSIONS }, (_, i) => extension(i, suffix)),
    gateways: [{ name: "belluz", host: "bell.uz", username: "998785553322", password: { env: "BELLUZ_PASSWORD" } }],
    dids: Array.from({ length: 20 }, (_, i) => ({ number: `9987855533${String(i).padStart(2, "0")}`, gateway: "belluz", destination: { type: "extension", target: String(10_000 + i) } })),
    outboundRoutes: [{ name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", callerIdNumber: "998785553322" }],
  });
const secrets = { env: { BELLUZ_PASSWORD: "bench-Provider-1" } };

async function timed(label: string, work: () => Promise<Response>, check: (body: any) => boolean) {
  const started = performance.now();
  const res = await work();
  const ms = performance.now() - started;
  const body = await res.json();
  if (res.status !== 200 || !check(body)) throw new Error(`${label}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return ms;
}

const rest = server("rest");
const restStarted = performance.now();
for (let i = 0; i < EXTENSIONS; i++) {
  const res = await rest("POST", "/api/v1/extensions", extension(i));
  if (res.status !== 201) throw new Error(`POST: ${res.status}`);
}
const restMs = performance.now() - restStarted;

const call = server("file");
const first = file();
const results = {
  plan: await timed("plan", () => call("POST", "/api/v1/config/plan", { config: first, secrets }), (b) => b.summary.create === EXTENSIONS + 22),
  "apply (1 000 creates)": await timed("apply", () => call("POST", "/api/v1/config/apply", { config: first, secrets }), (b) => b.passwords.length === EXTENSIONS),
  "apply (1 000 changes)": await timed("change", () => call("POST", "/api/v1/config/apply", { config: file(" B"), secrets }), (b) => b.summary.update === EXTENSIONS),
  "apply (nothing to do)": await timed("no-op", () => call("POST", "/api/v1/config/apply", { config: file(" B"), secrets }), (b) => b.changed === false),
};

console.log(`${EXTENSIONS} extensions, 20 DIDs, 1 gateway, 1 route; SQLite file in WAL mode`);
console.log(`  baseline: ${EXTENSIONS} REST POSTs            ${restMs.toFixed(0).padStart(6)} ms`);
for (const [label, ms] of Object.entries(results)) {
  console.log(`  ${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / restMs).toFixed(2)}× the POSTs`);
}
rmSync(dir, { recursive: true, force: true });
