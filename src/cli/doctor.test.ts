import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { dbFile } from "../db/client.ts";
import { TEST_DOMAIN, testConfig, testDeps } from "../../test/support/deps.ts";
import { fakeEventSocket, installDirs, PASSWORD, statusOf } from "../../test/support/doctor-fixtures.ts";
import { editBody, fixtureBody } from "../../test/support/xmlcurl-bodies.ts";
import { startServer } from "../system.ts";
import { formatResult, probeEsl, runChecks } from "./doctor.ts";

// The checks with files of their own are tested beside them: recordings-check, tls-check, sofia-checks, running-callboard-checks.
const { madeDirs, healthyDataDir, healthyRecordings, healthySpoolDir, removeAll } = installDirs();
const esl = await fakeEventSocket(PASSWORD);
const callboard = startServer(testDeps({ config: testConfig({ CALLBOARD_HTTP_HOST: "127.0.0.1" }) }));
/** FreeSWITCH asking the running callboard for a phone's REGISTER, as it does all day. */
const register1001 = () =>
  fetch(`http://127.0.0.1:${callboard.port}/freeswitch/xml`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN }),
  });
afterAll(async () => {
  esl.close();
  await callboard.stop();
  removeAll();
});

describe("the event-socket check", () => {
  test("passes when FreeSWITCH accepts the password, after sending exactly `auth <password>` and a blank line", async () => {
    const r = await probeEsl({ host: "127.0.0.1", port: esl.port, password: PASSWORD });
    expect(r.status).toBe("ok");
    expect(esl.received).toContain(`auth ${PASSWORD}\n\n`);
  });

  test("fails, naming the password, when FreeSWITCH answers -ERR invalid", async () => {
    const r = await probeEsl({ host: "127.0.0.1", port: esl.port, password: "WrongPassword" });
    expect(r.status).toBe("fail");
    expect(r.detail).toContain("rejected CALLBOARD_ESL_PASSWORD (-ERR invalid)");
  });

  test("fails when nothing listens on the event-socket port", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await probeEsl({ host: "127.0.0.1", port, password: PASSWORD });
    expect(r).toEqual({ status: "fail", check: "esl", detail: expect.stringContaining("ECONNREFUSED") });
  });

  test("never sends a password holding a line break, which would smuggle in a second command", async () => {
    const before = esl.received.length;
    const r = await probeEsl({ host: "127.0.0.1", port: esl.port, password: `${PASSWORD}\n\napi status` });
    expect(r.status).toBe("fail");
    expect(esl.received.length).toBe(before);
  });

  test("fails when the greeting is not an auth request (an ACL rejection, or not FreeSWITCH)", async () => {
    const rude = createServer((s) => s.end("Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n"));
    await new Promise<void>((resolve) => rude.listen(0, "127.0.0.1", resolve));
    const r = await probeEsl({ host: "127.0.0.1", port: (rude.address() as AddressInfo).port, password: PASSWORD });
    rude.close();
    expect(r.status).toBe("fail");
    expect(r.detail).toContain("text/rude-rejection");
  });
});

describe("callboard doctor", () => {
  test("a healthy install, with callboard already running, has no warning or failure", async () => {
    expect((await register1001()).status).toBe(200);
    const recordings = healthyRecordings();
    const results = await runChecks({
      CALLBOARD_DATA_DIR: healthyDataDir(),
      CALLBOARD_RECORDINGS_DIR: recordings.dir,
      CALLBOARD_HTTP_PORT: String(callboard.port),
      CALLBOARD_XMLCURL_PORT: new URL(callboard.xmlcurlUrl).port,
      CALLBOARD_ESL_PORT: String(esl.port),
      CALLBOARD_ESL_PASSWORD: PASSWORD,
      CALLBOARD_DOMAIN: "call.example.uz",
      CALLBOARD_XMLCURL_USER: "freeswitch",
      CALLBOARD_XMLCURL_PASSWORD: "xmlcurl-secret-1",
      CALLBOARD_CDR_SPOOL_DIR: healthySpoolDir(),
    }, 3000, recordings.host);
    expect(results.map((r) => `${r.status} ${r.check}`)).toEqual([
      "ok environment",
      "ok data dir",
      "ok secret key",
      "ok recordings",
      "ok database",
      "ok parked cdrs",
      "ok http",
      "ok xml_curl listener",
      "ok xml_curl auth",
      "ok esl password",
      "ok esl",
      "ok sip profiles",
      "ok gateways",
      "ok xml_curl fetched",
    ]);
    expect(results.find((r) => r.check === "sip profiles")?.detail).toBe("internal RUNNING (1), external RUNNING (0)");
    expect(results.find((r) => r.check === "gateways")?.detail).toBe("belluz REGED");
    expect(results.find((r) => r.check === "http")?.detail).toContain("callboard answers");
  });

  test("FreeSWITCH endpoints without basic auth are a warning that says how to set it", async () => {
    const results = await runChecks({ CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: PASSWORD });
    expect(results.find((r) => r.check === "xml_curl auth")).toMatchObject({ status: "warn", detail: expect.stringContaining("CALLBOARD_XMLCURL_USER") });
  });

  test("the stock ClueCon password fails even when FreeSWITCH accepts it", async () => {
    const stock = await fakeEventSocket("ClueCon");
    const results = await runChecks({ CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(stock.port) });
    stock.close();
    expect(statusOf(results, "esl password")).toBe("fail");
    expect(statusOf(results, "esl")).toBe("ok");
  });

  test("a data dir or key readable by others is a failure that says how to fix it", async () => {
    const dir = healthyDataDir();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "secret.key"), 0o644);
    const results = await runChecks({ CALLBOARD_DATA_DIR: dir, CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: PASSWORD });
    expect(results.find((r) => r.check === "data dir")).toMatchObject({ status: "fail", detail: expect.stringContaining(`chmod 700 ${dir}`) });
    expect(results.find((r) => r.check === "secret key")).toMatchObject({ status: "fail", detail: expect.stringContaining("chmod 600") });
  });

  test("an HTTP port held by another program is a failure", async () => {
    const other = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("nginx", { status: 404 }) });
    const results = await runChecks({ CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: String(other.port), CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: PASSWORD });
    await other.stop(true);
    expect(results.find((r) => r.check === "http")).toMatchObject({ status: "fail", detail: expect.stringContaining("not as callboard") });
  });

  test("an invalid environment is one failure naming the variable; nothing else runs", async () => {
    const results = await runChecks({ CALLBOARD_ESL_PORT: "eighty" });
    expect(results).toHaveLength(1);
    expect(formatResult(results[0]!)).toStartWith("fail  environment:");
    expect(results[0]!.detail).toContain("CALLBOARD_ESL_PORT");
  });

  test("`callboard doctor` prints one line per check and exits 1 when one fails", async () => {
    const proc = Bun.spawn([process.execPath, join(import.meta.dir, "../main.ts"), "doctor"], {
      env: { PATH: process.env.PATH, CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: "0", CALLBOARD_XMLCURL_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: "WrongPassword-but-long" },
      stdout: "pipe",
    });
    const lines = (await new Response(proc.stdout).text()).trim().split("\n");
    expect(await proc.exited).toBe(1);
    expect(lines).toHaveLength(14);
    for (const line of lines) expect(line).toMatch(/^(ok  |warn|fail)  [a-z_ ]+: /);
    expect(lines.find((l) => l.includes(" esl: "))).toStartWith("fail  esl:");
    expect(lines.at(-2)).toBe("warn  gateways: not checked: fix the event socket first");
    expect(lines.at(-1)).toBe("warn  xml_curl fetched: not checked: callboard is not running");
  });
});

describe("doctor changes nothing", () => {
  const listing = (dir: string) => readdirSync(dir).sort().map((name) => `${name} ${statSync(join(dir, name)).size} ${statSync(join(dir, name)).mtimeMs}`);
  const env = (dir: string) => ({ CALLBOARD_DATA_DIR: dir, CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: PASSWORD });

  test("after an upgrade it reports the migrations the database lacks, and applies none", async () => {
    const dir = healthyDataDir();
    // The database of the previous release: the newest migration not recorded yet.
    const old = new Database(dbFile(dir));
    old.exec("DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)");
    old.close();
    const before = listing(dir);
    const results = await runChecks(env(dir));
    expect(results.find((r) => r.check === "database")).toMatchObject({ status: "warn", detail: expect.stringMatching(/lacks 1 migration\(s\) \(\d{4}_\w+\): run `callboard migrate`/) });
    expect(listing(dir)).toEqual(before);
  });

  test("with no database yet it says how to make one, and makes none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "callboard-doctor-empty-"));
    madeDirs.push(dir);
    chmodSync(dir, 0o700);
    const results = await runChecks(env(dir));
    expect(results.find((r) => r.check === "database")).toMatchObject({ status: "warn", detail: expect.stringContaining("`callboard migrate`") });
    expect(readdirSync(dir)).toEqual([]);
  });
});
