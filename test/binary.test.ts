import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { contextCopies, healthcheckCommand, readDockerfile } from "./support/dockerfile.ts";
import { until } from "./support/until.ts";

/**
 * `npm run build` makes one executable, and that executable alone — run from
 * an empty directory, with no source tree, node_modules or Bun beside it —
 * does what an operator installs it for: migrate, serve, token create,
 * doctor, demo and top, and the Docker image's health check.
 */
const ROOT = join(import.meta.dir, "..");
const work = mkdtempSync(join(tmpdir(), "callboard-binary-"));
const BIN = join(work, "bin", "callboard");
const DATA = join(work, "var", "data");
const SPOOL = join(work, "spool");
const TMUX = `callboard-binary-${process.pid}`;
let port = 0;
let serve: Bun.Subprocess | undefined;

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = server;
  server.stop(true);
  return port;
}

/** The binary's whole world: no inherited CALLBOARD_*, NODE_ENV or CI, and a home of its own. */
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  CALLBOARD_DATA_DIR: DATA,
  CALLBOARD_HTTP_PORT: String(port),
  CALLBOARD_ESL_PASSWORD: "binary-test-esl-password",
  CALLBOARD_CDR_SPOOL_DIR: SPOOL,
  CALLBOARD_LOG_FORMAT: "json",
  ...extra,
});

function run(args: string[], extra?: Record<string, string>) {
  const r = Bun.spawnSync([BIN, ...args], { cwd: work, env: env(extra), stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

const health = () =>
  fetch(`http://127.0.0.1:${port}/health`).then(
    (r) => r.ok,
    () => false,
  );

function tmux(...args: string[]): string {
  // Ink draws nothing while CI or CI_* is set; a sysadmin's terminal has neither.
  const terminalEnv = { ...env(), TERM: "xterm-256color" };
  const r = Bun.spawnSync(["tmux", "-L", TMUX, ...args], { stdout: "pipe", stderr: "pipe", env: terminalEnv, cwd: work });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

beforeAll(async () => {
  port = await freePort();
  mkdirSync(SPOOL, { recursive: true });
  // `npm run build`, with bun run standing in for npm: the same script, Bun and node_modules/.bin.
  const build = Bun.spawnSync([process.execPath, "run", "build", "--outfile", BIN], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}, 60_000);

afterAll(() => {
  serve?.kill();
  Bun.spawnSync(["tmux", "-L", TMUX, "kill-server"], { stderr: "ignore" });
  rmSync(work, { recursive: true, force: true });
});

describe("the callboard binary, alone in an empty directory", () => {
  test("--version prints package.json's version", () => {
    const mb = statSync(BIN).size / 1e6;
    console.log(`callboard binary: ${mb.toFixed(1)} MB`);
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`callboard ${pkg.version}`);
  });

  test("migrate applies every committed migration, byte for byte, from inside the binary", () => {
    const r = run(["migrate"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const folder = join(ROOT, "src/db/drizzle");
    const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    const expected = journal.entries.map((m) => ({
      created_at: m.when,
      hash: createHash("sha256").update(readFileSync(join(folder, `${m.tag}.sql`))).digest("hex"),
    }));
    const db = new Database(join(DATA, "callboard.sqlite"), { readonly: true });
    try {
      const applied = db.query("SELECT created_at, hash FROM __drizzle_migrations ORDER BY created_at").all() as { created_at: number | string; hash: string }[];
      expect(applied.map((m) => ({ created_at: Number(m.created_at), hash: m.hash }))).toEqual(expected);
    } finally {
      db.close();
    }
  });

  test("serve answers /health; the time from start to the first answer is printed", async () => {
    const started = performance.now();
    serve = Bun.spawn([BIN, "serve"], { cwd: work, env: env(), stdout: "ignore", stderr: "pipe" });
    await until("serve to answer /health", async () => {
      if (serve!.exitCode !== null) throw new Error(`serve exited with ${serve!.exitCode}:\n${await new Response(serve!.stderr as ReadableStream).text()}`);
      return health();
    }, 20_000);
    console.log(`callboard serve: /health answered ${Math.round(performance.now() - started)} ms after start`);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  }, 30_000);

  test("the API docs page and its Swagger UI files are served from inside the binary", async () => {
    const page = await (await fetch(`http://127.0.0.1:${port}/api/docs`)).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/api\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const path of assets) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  test("token create prints a token the running server accepts", async () => {
    const r = run(["token", "create", "--name", "binary-test", "--role", "viewer"]);
    expect(r.code).toBe(0);
    const token = r.out.trim().split("\n").at(-1)!;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "binary-test", role: "viewer" });
  });

  test("docs/production.md's hot backup, with the binary's own SQLite, copies the live database while serve runs", () => {
    const guide = readFileSync(join(ROOT, "docs/production.md"), "utf8");
    const scripts = new Set([...guide.matchAll(/callboard -e '([^']+)'/g)].map((m) => m[1]!));
    expect(scripts.size).toBe(1);
    const [script] = scripts as Set<string>;
    const copy = join(work, "backup.sqlite");
    const r = Bun.spawnSync([BIN, "-e", script!, join(DATA, "callboard.sqlite"), copy], { cwd: work, env: { ...env(), BUN_BE_BUN: "1" }, stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.query("SELECT name FROM api_tokens WHERE name = 'binary-test'").get()).toEqual({ name: "binary-test" });
    } finally {
      db.close();
    }
  });

  test("doctor, beside the running server, fails only on the FreeSWITCH this machine has not got", () => {
    const r = run(["doctor"], { CALLBOARD_ESL_PORT: "1" });
    const lines = r.out.split("\n").filter(Boolean);
    expect(lines.find((l) => l.includes("database:"))).toMatch(/^ok\s+database: .* is migrated/);
    expect(lines.find((l) => l.includes("http:"))).toMatch(/^ok\s+http: callboard answers/);
    expect(lines.filter((l) => l.startsWith("fail"))).toEqual([expect.stringMatching(/^fail\s+esl: cannot reach FreeSWITCH's event socket/)]);
    expect(r.code).toBe(1);
  });

  test("the image's HEALTHCHECK, run as the Dockerfile says, passes while serve answers and fails once it stops", async () => {
    const runtime = readDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8")).at(-1)!;
    let command = healthcheckCommand(runtime)!;
    for (const { source, destination } of contextCopies(runtime)) command = command.replaceAll(destination, join(ROOT, source));
    const check = () => Bun.spawnSync(["sh", "-c", command], { env: { ...env(), PATH: `${join(work, "bin")}:${process.env.PATH}` } }).exitCode;

    expect(check()).toBe(0);
    serve!.kill("SIGTERM");
    await serve!.exited;
    serve = undefined;
    expect(check()).toBe(1);
  }, 20_000);

  test("demo plays a call centre and top shows it, in a terminal, even with Ink's DEV switch on", async () => {
    const screen = (target: string) => tmux("capture-pane", "-p", "-t", target);
    const waitFor = async (target: string, ok: (s: string) => boolean, what: string) => {
      try {
        await until(what, () => ok(screen(target)), 20_000);
      } catch (err) {
        throw new Error(`${(err as Error).message}; screen:\n${screen(target)}`);
      }
      return screen(target);
    };
    tmux("new-session", "-d", "-s", "cb", "-n", "demo", "-x", "120", "-y", "30", `${BIN} demo --no-top --seed 7`);
    const banner = await waitFor("cb:demo", (s) => /token\s+cb_\S+/.test(s), "the demo banner");
    const url = banner.match(/URL\s+(http:\/\/\S+)/)![1]!;
    const token = banner.match(/token\s+(cb_\S+)/)![1]!;

    tmux("new-window", "-t", "cb", "-n", "top", `DEV=true ${BIN} top --url ${url} --token ${token}`);
    const dashboard = await waitFor("cb:top", (s) => s.includes("SIMULATED") && s.includes("ESL connected"), "the dashboard");
    expect(dashboard).toContain("callboard top");
    tmux("send-keys", "-t", "cb:top", "q");
  }, 60_000);
});
