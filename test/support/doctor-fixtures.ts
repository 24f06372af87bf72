/**
 * What the `callboard doctor` tests share (src/cli/*.test.ts): a FreeSWITCH
 * event socket replaying the bytes FreeSWITCH 1.10.12 sent, and install
 * directories as `callboard migrate`, the first `serve` and the packaged
 * install leave them.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dbFile, openDb } from "../../src/db/client.ts";
import type { CheckResult } from "../../src/cli/doctor.ts";

const ESL = join(import.meta.dir, "../fixtures/freeswitch/esl");
const greeting = readFileSync(join(ESL, "frames/greeting_auth_request.frame"));
const authOk = readFileSync(join(ESL, "frames/auth_ok_command_reply.frame"));
/** FreeSWITCH 1.10.12's answer to `api sofia status`: both profiles running, belluz registered. */
const sofiaStatus = readFileSync(join(ESL, "frames/api_sofia_status.frame"));
/** What FreeSWITCH sent after the greeting when the password was wrong: -ERR invalid, then the disconnect notice. */
const badAuthRest = readFileSync(join(ESL, "bad-auth-session.received.raw")).subarray(greeting.length);

export const PASSWORD = "s3cret-Event-Socket-pw";
/** The body of FreeSWITCH 1.10.12's `sofia status profile internal` with TLS on port 35079 (test/freeswitch/tls.test.ts's tier). */
const profileTls = readFileSync(join(ESL, "sofia-status-profile-internal-tls.txt"), "utf8");

/** A FreeSWITCH event socket that replays the captured bytes, and remembers what it was sent. */
export async function fakeEventSocket(password: string) {
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
      else if (command === "api sofia status\n\n") socket.write(sofiaStatus);
      else if (command === "api sofia status profile internal\n\n") socket.write(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(profileTls)}\n\n${profileTls}`);
      else if (command.startsWith("auth ")) socket.end(badAuthRest);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, received, close: () => server.close() };
}

/** Temporary install directories, each file's own: `removeAll` in its afterAll. */
export function installDirs() {
  const madeDirs: string[] = [];

  /** A data dir as `callboard migrate` and the first `serve` leave it: 0700, a key, a migrated database. */
  function healthyDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "callboard-doctor-"));
    madeDirs.push(dir);
    chmodSync(dir, 0o700);
    writeFileSync(join(dir, "secret.key"), `${Buffer.alloc(32, 7).toString("base64")}\n`, { mode: 0o600 });
    openDb(dbFile(dir)).$client.close();
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

  const removeAll = () => {
    for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
  };
  return { madeDirs, healthyDataDir, healthyRecordings, healthySpoolDir, removeAll };
}

export const statusOf = (results: CheckResult[], check: string) => results.find((r) => r.check === check)?.status;
