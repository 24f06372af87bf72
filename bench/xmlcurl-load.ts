/**
 * xml_curl under load, over real sockets: callboard beside a bare Bun.serve
 * answering a constant 330-byte XML, driven by wrk (Debian's wrk 4.1, a
 * process of its own) with the same connections and duration, alternating
 * server by server, on the issue's PBX (100 000 extensions, 10 000 DIDs, 200
 * outbound routes, 50 gateways). callboard is measured where FreeSWITCH
 * talks to it, its xml_curl listener (`after`), and on its API port
 * (`after-api`); beside the bare server run the same reading the body
 * (`bare-body`) and the xml_curl listener answering the constant
 * (`bare-listen`). Prints req/s, p50/p99, server CPU µs per request (from
 * /proc) and the ratios to the bare server of the same run, also with a new
 * connection per request as mod_xml_curl makes them; then p99 at a fixed
 * 5 000 req/s (paced two ways, see WrkOptions) and the cost at 1 k / 10 k /
 * 100 k extensions. Writes
 * bench/results/xmlcurl.json.
 *
 *   bun bench/xmlcurl-load.ts [--quick] [--before <git ref>] [--cases directory,extension,...] [--whole-events]
 *
 * The bodies are what FreeSWITCH posts with freeswitch-conf's bindings (the
 * fields callboard reads); --whole-events posts every header of the captured
 * events instead (about 6.5 KB a dialplan lookup), as FreeSWITCH did before
 * the bindings listed them.
 *
 * --before also serves the callboard of that commit (its src and test/support
 * unpacked with git archive) in the same alternation: before and after in one
 * run, on one machine; on its xml_curl listener when it has one, else on its
 * API port.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Server, startBare, startBareListener, startBareReadingBody, startCallboard } from "./support/servers.ts";
import { type Run, runWrk } from "./support/wrk.ts";
import { benchCases, ISSUE_POPULATION, type Population } from "./support/xmlcurl-population.ts";

const { values: opts } = parseArgs({
  options: {
    quick: { type: "boolean" },
    before: { type: "string" },
    cases: { type: "string" },
    "no-scaling": { type: "boolean" },
    "no-rate": { type: "boolean" },
    "whole-events": { type: "boolean" },
  },
});
const SECONDS = opts.quick ? 2 : 5;
const bodyShape = { wholeEvents: opts["whole-events"] ?? false };
const ROUNDS = opts.quick ? 1 : 3;
const CONNECTIONS = 16;
const FIXED_RATE = 5_000;
const REPO = resolve(import.meta.dir, "..");
const work = mkdtempSync(join(tmpdir(), "callboard-xmlcurl-load-"));
const servers: Server[] = [];
const stopAll = () => servers.forEach((s) => s.stop());
process.on("exit", stopAll);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summarize = (runs: Run[]): Run => ({
  reqPerSec: median(runs.map((r) => r.reqPerSec)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  p999: median(runs.map((r) => r.p999)),
  cpuUsPerReq: median(runs.map((r) => r.cpuUsPerReq)),
  requests: runs.reduce((n, r) => n + r.requests, 0),
  errors: runs.reduce((n, r) => n + r.errors, 0),
});

/**
 * The older tree's src and test/support, on today's node_modules. A package
 * it imports that is gone since gets a stub, for a page /freeswitch/xml never
 * serves: @hono/swagger-ui (the REST docs page before it went offline).
 */
const GONE_PACKAGES: Record<string, string> = { "@hono/swagger-ui": "export const swaggerUI = () => (c) => c.text('');\n" };

function unpackBefore(ref: string): string {
  const dir = join(work, "before");
  mkdirSync(dir);
  // package.json: src/version.ts imports it.
  execSync(`git archive ${ref} src test/support test/fixtures package.json | tar -x -C ${dir}`, { cwd: REPO });
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO, "node_modules"))) {
    if (!entry.startsWith("@")) {
      symlinkSync(join(REPO, "node_modules", entry), join(modules, entry));
      continue;
    }
    for (const name of readdirSync(join(REPO, "node_modules", entry))) {
      mkdirSync(join(modules, entry), { recursive: true });
      symlinkSync(join(REPO, "node_modules", entry, name), join(modules, entry, name));
    }
  }
  for (const [name, source] of Object.entries(GONE_PACKAGES)) {
    if (existsSync(join(modules, name))) continue;
    mkdirSync(join(modules, name), { recursive: true });
    writeFileSync(join(modules, name, "package.json"), JSON.stringify({ name, type: "module", main: "index.js" }));
    writeFileSync(join(modules, name, "index.js"), source);
  }
  return dir;
}

async function callboard(name: string, root: string, p: Population): Promise<Server> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const s = await startCallboard(name, root, dir, p);
  servers.push(s);
  return s;
}

/** Each server in turn, the order rotated every round, so drift on a shared machine hits all alike. */
async function alternate(
  targets: Server[],
  bodies: string[],
  extra: { delayMs?: number; pacing?: "lockstep" | "poisson"; connections?: number; seconds?: number; newConnectionEach?: boolean } = {},
) {
  const file = join(work, `bodies-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, `${bodies.join("\n")}\n`);
  const runs = new Map<string, Run[]>(targets.map((t) => [t.name, []]));
  // JIT and the first garbage collections of a fresh path are not what a long-running server pays.
  for (const t of targets) await runWrk({ port: t.port, bodiesFile: file, connections: extra.connections ?? CONNECTIONS, seconds: 1, serverPid: t.pid, ...extra });
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(k + round) % targets.length]!;
      const run = await runWrk({ port: t.port, bodiesFile: file, connections: extra.connections ?? CONNECTIONS, seconds: extra.seconds ?? SECONDS, serverPid: t.pid, ...extra });
      runs.get(t.name)!.push(run);
    }
  }
  return new Map([...runs].map(([name, r]) => [name, summarize(r)]));
}

const fmt = (n: number, d = 0) => n.toFixed(d);
const pad = (s: string, n: number) => s.padStart(n);

const bare = await startBare();
const bareBody = await startBareReadingBody();
const bareListen = await startBareListener();
servers.push(bare, bareBody, bareListen);
const after = await callboard("after", REPO, ISSUE_POPULATION);
// The same process on its API port: Bun.serve's route, for a FreeSWITCH still pointed there.
const afterApi: Server = { ...after, name: "after-api", port: after.apiPort };
const before = opts.before ? await callboard("before", unpackBefore(opts.before), ISSUE_POPULATION) : undefined;
const targets = [bare, bareBody, bareListen, after, afterApi, ...(before ? [before] : [])];
const wanted = opts.cases?.split(",");
const cases = benchCases(ISSUE_POPULATION, bodyShape).filter((c) => !wanted || wanted.includes(c.name));
const results: Record<string, unknown> = { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, before: opts.before ?? null, population: ISSUE_POPULATION, ...bodyShape };

console.log(`xml_curl under wrk: ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds per server, alternating; medians`);
console.log(bodyShape.wholeEvents ? "bodies: every header of the captured events (--whole-events)" : "bodies: as freeswitch-conf's bindings post them (enable-post-var)");
console.log(
  "bare: Bun.serve, constant XML · bare-body: the same reading the body · bare-listen: callboard's xml_curl listener, constant XML\n" +
    `after: callboard on its xml_curl listener (what FreeSWITCH talks to) · after-api: the same process on its API port${before ? ` · before: ${opts.before}` : ""}`,
);
const table: Record<string, unknown> = {};
/** One case: a line per server, each against the bare server of the same run. */
function report(label: string, r: Map<string, Run>) {
  const b = r.get("bare")!;
  console.log(`\n${label}\n  ${"server".padEnd(12)}${pad("req/s", 8)}${pad("×bare", 7)}${pad("p50 µs", 9)}${pad("p99 µs", 9)}${pad("CPU µs/req", 12)}${pad("×bare", 7)}`);
  for (const [name, x] of r) {
    console.log(
      `  ${name.padEnd(12)}${pad(fmt(x.reqPerSec), 8)}${pad(fmt(x.reqPerSec / b.reqPerSec, 2), 7)}${pad(fmt(x.p50), 9)}${pad(fmt(x.p99), 9)}` +
        `${pad(fmt(x.cpuUsPerReq, 1), 12)}${pad(fmt(x.cpuUsPerReq / b.cpuUsPerReq, 2), 7)}${x.errors ? `  errors ${x.errors}` : ""}`,
    );
  }
  return Object.fromEntries([...r].map(([name, x]) => [name, { ...x, ratio: x.reqPerSec / b.reqPerSec, cpuRatio: x.cpuUsPerReq / b.cpuUsPerReq }]));
}
for (const c of cases) table[c.name] = { label: c.label, ...report(c.label, await alternate(targets, c.bodies)) };
if (!wanted || wanted.includes("directory-new-connections")) {
  // mod_xml_curl makes a curl handle per lookup and cleans it up after: every request is a new TCP connection.
  const directory = benchCases(ISSUE_POPULATION, bodyShape).find((c) => c.name === "directory")!;
  const label = "directory REGISTER, a new connection each (as mod_xml_curl asks)";
  table["directory-new-connections"] = { label, ...report(label, await alternate(targets, directory.bodies, { newConnectionEach: true })) };
}
results.table = table;

if (!opts["no-rate"]) {
  // wrk waits `delay` after each answer: 50 connections, 9 ms apart plus about a millisecond of answer, make ~5 000 req/s.
  const connections = 50;
  const delayMs = (connections * 1000) / FIXED_RATE - 1;
  const directory = benchCases(ISSUE_POPULATION, bodyShape).find((c) => c.name === "directory")!;
  const fixed = targets.filter((t) => t !== bareBody && t !== bareListen);
  results.fixedRate = {};
  // Lockstep: the 50 connections stay in step, a burst of 50 lookups every ~10 ms (the worst case for p99).
  // Poisson: the same rate, each lookup on its own schedule, as FreeSWITCH's lookups arrive from independent calls.
  for (const pacing of ["poisson", "lockstep"] as const) {
    const r = await alternate(fixed, directory.bodies, { delayMs, pacing, connections, seconds: SECONDS * 2 });
    console.log(`\ndirectory REGISTER at a fixed ~${FIXED_RATE} req/s (${connections} connections, ${delayMs} ms apart each, ${pacing}):`);
    for (const [name, run] of r) {
      console.log(`  ${name.padEnd(8)} ${fmt(run.reqPerSec)} req/s  p50 ${fmt(run.p50)} µs  p99 ${fmt(run.p99)} µs  p99.9 ${fmt(run.p999)} µs  CPU ${fmt(run.cpuUsPerReq, 1)} µs/req`);
    }
    (results.fixedRate as Record<string, unknown>)[pacing] = Object.fromEntries(r);
  }
}

if (!opts["no-scaling"]) {
  const sizes = [1_000, 10_000];
  const scaled: Server[] = [];
  for (const n of sizes) scaled.push(await callboard(`after-${n / 1000}k`, REPO, { ...ISSUE_POPULATION, extensions: n, dids: Math.min(n, ISSUE_POPULATION.dids) }));
  const named = [...scaled, { ...after, name: "after-100k" }];
  // 1k first, then 10k and 100k, rotated each round like every other comparison.
  console.log(`\nscaling (after): req/s and CPU µs per request by number of extensions`);
  const scaling: Record<string, unknown> = {};
  for (const name of ["directory", "extension"]) {
    const c = benchCases(ISSUE_POPULATION, bodyShape).find((x) => x.name === name)!;
    // Bodies for the smallest PBX, so every size answers the same users.
    const small = benchCases({ ...ISSUE_POPULATION, extensions: sizes[0]!, dids: sizes[0]! }, bodyShape).find((x) => x.name === name)!;
    const r = await alternate(named, small.bodies);
    scaling[name] = Object.fromEntries(r);
    console.log(`  ${c.label.padEnd(32)}${named.map((s) => `${s.name.replace("after-", "")}: ${fmt(r.get(s.name)!.reqPerSec)} req/s ${fmt(r.get(s.name)!.cpuUsPerReq, 1)} µs`).join("   ")}`);
  }
  results.scaling = scaling;
}

const out = join(REPO, "bench/results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "xmlcurl.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results/xmlcurl.json`);
stopAll();
rmSync(work, { recursive: true, force: true });
