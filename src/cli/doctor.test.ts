import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDeps } from "../../test/support/deps.ts";
import { startServer } from "./server.ts";
import { formatResult, probeEsl, runChecks, type CheckResult } from "./doctor.ts";

const ESL = join(import.meta.dir, "../../test/fixtures/freeswitch/esl");
const greeting = readFileSync(join(ESL, "frames/greeting_auth_request.frame"));
const authOk = readFileSync(join(ESL, "frames/auth_ok_command_reply.frame"));
/** What FreeSWITCH sent after the greeting when the password was wrong: -ERR invalid, then the disconnect notice. */
const badAuthRest = readFileSync(join(ESL, "bad-auth-session.received.raw")).subarray(greeting.length);

const PASSWORD = "s3cret-Event-Socket-pw";

/** A FreeSWITCH event socket that replays the captured bytes, and remembers what it was sent. */
async function fakeEventSocket(password: string) {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    let buffer = "";
    socket.write(greeting);
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\n\n");
      if (end < 0) return;
      const command = buffer.slice(0, end + 2);
      buffer = buffer.slice(end + 2);
      received.push(command);
      if (command === `auth ${password}\n\n`) socket.write(authOk);
      else if (command.startsWith("auth ")) socket.end(badAuthRest);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, received, close: () => server.close() };
}

const madeDirs: string[] = [];
function healthyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "callboard-doctor-"));
  madeDirs.push(dir);
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, "secret.key"), `${Buffer.alloc(32, 7).toString("base64")}\n`, { mode: 0o600 });
  return dir;
}

/** A recordings directory that FreeSWITCH, another user in callboard's group, can write; and the /etc files that say who it is. */
function healthyRecordings(mode = 0o2770) {
  const root = mkdtempSync(join(tmpdir(), "callboard-doctor-rec-"));
  madeDirs.push(root);
  chmodSync(root, 0o711);
  const dir = join(root, "recordings");
  mkdirSync(dir);
  chmodSync(dir, mode);
  writeFileSync(join(root, "passwd"), `freeswitch:x:4242:${process.getgid!()}::/var/lib/freeswitch:/usr/sbin/nologin\n`);
  writeFileSync(join(root, "group"), "");
  return { dir, host: { passwd: join(root, "passwd"), group: join(root, "group"), proc: join(root, "no-proc") } };
}

/** FreeSWITCH's json_cdr_errors with nothing parked. */
function healthySpoolDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "callboard-doctor-spool-"));
  madeDirs.push(dir);
  return dir;
}

const statusOf = (results: CheckResult[], check: string) => results.find((r) => r.check === check)?.status;

const esl = await fakeEventSocket(PASSWORD);
const callboard = startServer(testDeps());
afterAll(async () => {
  esl.close();
  await callboard.stop();
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
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
    const recordings = healthyRecordings();
    const results = await runChecks({
      CALLBOARD_DATA_DIR: healthyDataDir(),
      CALLBOARD_RECORDINGS_DIR: recordings.dir,
      CALLBOARD_HTTP_PORT: String(callboard.port),
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
      "ok xml_curl auth",
      "ok esl password",
      "ok esl",
    ]);
    expect(results.find((r) => r.check === "http")?.detail).toContain("callboard answers");
  });

  test("a recordings directory FreeSWITCH cannot write is a failure that gives the command to run", async () => {
    const recordings = healthyRecordings(0o755);
    const env = { CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_RECORDINGS_DIR: recordings.dir, CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port) };
    const results = await runChecks(env, 3000, recordings.host);
    expect(results.find((r) => r.check === "recordings")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(`chgrp ${process.getgid!()} ${recordings.dir} && chmod 2770 ${recordings.dir}`),
    });
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
      env: { PATH: process.env.PATH, CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: "WrongPassword-but-long" },
      stdout: "pipe",
    });
    const lines = (await new Response(proc.stdout).text()).trim().split("\n");
    expect(await proc.exited).toBe(1);
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line).toMatch(/^(ok  |warn|fail)  [a-z_ ]+: /);
    expect(lines.at(-1)).toStartWith("fail  esl:");
  });
});
