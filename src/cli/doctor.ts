import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { checkParkedCdrs, storedLegsIn } from "../cdr/parked-cdrs-report.ts";
import { type Config, loadConfig, localTokenFile } from "../config.ts";
import { dbFile, openDbReadOnly, pendingMigrations } from "../db/client.ts";
import { openEslConnection } from "../esl/esl-connection.ts";
import type { HostFiles } from "./freeswitch-account.ts";
import { checkRecordingsDir } from "./recordings-check.ts";
import { checkRunningCallboard } from "./running-callboard-checks.ts";
import { checkSofia, sofiaCheckNames } from "./sofia-checks.ts";
import { checkTlsCertificate } from "./tls-check.ts";
import { checkXmlCurlListener } from "./xmlcurl-listener-check.ts";
import { type Command, parseFlags } from "./usage.ts";

export const command: Command = {
  summary: "check the environment, data dir, database, HTTP port and FreeSWITCH's event socket",
  help: `usage: callboard doctor

Checks, one line each (ok / warn / fail): the environment parses; CALLBOARD_DATA_DIR
exists with mode 0700 and secret.key is 0600; the recordings directory is writable by
FreeSWITCH; the database has every migration; FreeSWITCH's parked CDRs; the HTTP port is
free or callboard answers /health there; the xml_curl listener's port (CALLBOARD_XMLCURL_PORT)
is free or callboard's listener answers there; CALLBOARD_ESL_PASSWORD is not the stock ClueCon;
FreeSWITCH's event socket is reachable and accepts the password; both SIP profiles run and
each gateway's state (sofia status); with CALLBOARD_SIP_TLS=on, that agent.pem and
cafile.pem in the cert dir are there, readable by FreeSWITCH, a key and certificate that
match and are in date, and that the internal profile listens for TLS; and, from the running callboard's /metrics, that
FreeSWITCH asked xml_curl within the hour.
Changes nothing: the database is opened read-only and pending migrations are only reported.
Exits 1 when any check fails.`,
  run: runDoctor,
};

export type CheckStatus = "ok" | "warn" | "fail";
export type CheckResult = { status: CheckStatus; check: string; detail: string };

const result = (status: CheckStatus, check: string, detail: string): CheckResult => ({ status, check, detail });
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
const errorText = (err: unknown) => (err as { code?: string }).code ?? (err as Error).message;

/**
 * Runs every check in order; a bad environment stops the rest, since they
 * all need it. Changes nothing: the database is opened read-only, so doctor
 * is safe beside a running server, after an upgrade too.
 */
export async function runChecks(env?: Record<string, string | undefined>, timeoutMs = 3000, host?: HostFiles): Promise<CheckResult[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    return [result("fail", "environment", (err as Error).message.replace(/\n\s*/g, " "))];
  }
  const results = [result("ok", "environment", `parses (SIP domain ${config.domain})`)];
  const dataDir = checkDataDir(config.dataDir);
  results.push(dataDir, checkSecretKey(config));
  const recordings = checkRecordingsDir(config, host);
  results.push(result(recordings.status, "recordings", recordings.detail));
  results.push(dataDir.status === "fail" ? result("warn", "database", "not checked: fix the data dir first") : checkDatabase(config));
  results.push(await checkParkedCdrs(config, storedLegsIn(dataDir.status === "fail" ? undefined : dbFile(config.dataDir))));
  const http = await checkHttp(config, timeoutMs);
  results.push(http);
  results.push(await checkXmlCurlListener(config.xmlcurl.listen, http.detail.startsWith("callboard answers"), timeoutMs));
  results.push(checkXmlCurlAuth(config));
  results.push(checkEslPassword(config.esl.password));
  const esl = await probeEsl(config.esl, timeoutMs);
  results.push(esl);
  if (config.sip.tls) {
    const tls = checkTlsCertificate(config.sip.tls, config.domain, host);
    results.push(result(tls.status, "sip tls certificate", tls.detail));
  }
  const tlsPort = config.sip.tls?.port;
  if (esl.status === "ok") results.push(...(await checkSofia(config.esl, timeoutMs, tlsPort)));
  else results.push(...sofiaCheckNames(tlsPort).map((check) => result("warn", check, "not checked: fix the event socket first")));
  const running = http.status === "ok" && http.detail.startsWith("callboard answers") ? healthUrl(config).replace(/\/health$/, "") : undefined;
  results.push(await checkRunningCallboard(running, readLocalToken(config.dataDir), timeoutMs));
  return results;
}

/** /freeswitch/xml hands out provider passwords and a1-hashes: the address list alone trusts every local process. */
function checkXmlCurlAuth(config: Config): CheckResult {
  if (config.xmlcurl.basicAuth) return result("ok", "xml_curl auth", "basic auth required on /freeswitch/xml (both ports) and /freeswitch/cdr");
  return result(
    "warn",
    "xml_curl auth",
    "no basic auth: any process allowed by CALLBOARD_XMLCURL_ALLOW can read provider passwords and a1-hashes; set CALLBOARD_XMLCURL_USER/_PASSWORD and CALLBOARD_XMLCURL_CREDENTIALS for FreeSWITCH",
  );
}

function checkDataDir(dir: string): CheckResult {
  let mode: number;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return result("fail", "data dir", `${dir} is not a directory`);
    mode = st.mode;
  } catch {
    return result("fail", "data dir", `${dir} does not exist: \`callboard migrate\` creates it`);
  }
  if (mode & 0o077) return result("fail", "data dir", `${dir} is ${octal(mode)}, readable by others: chmod 700 ${dir}`);
  return result("ok", "data dir", `${dir} is 0700`);
}

function checkSecretKey(config: Config): CheckResult {
  if (config.secretKey) return result("ok", "secret key", "from CALLBOARD_SECRET_KEY");
  const file = join(config.dataDir, "secret.key");
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return result("warn", "secret key", `${file} does not exist yet: \`callboard serve\` creates it on first start`);
  }
  if (mode & 0o077) return result("fail", "secret key", `${file} is ${octal(mode)}: chmod 600 ${file}`);
  if (Buffer.from(readFileSync(file, "utf8").trim(), "base64").length !== 32) {
    return result("fail", "secret key", `${file} does not hold a base64 32-byte key: stored provider passwords cannot be read`);
  }
  return result("ok", "secret key", `${file} is 0600`);
}

/** Read-only: pending migrations are reported, not applied (`migrate` or the next `serve` applies them). */
function checkDatabase(config: Config): CheckResult {
  const file = dbFile(config.dataDir);
  let db;
  try {
    statSync(file);
    db = openDbReadOnly(file);
  } catch (err) {
    const missing = (err as { code?: string }).code === "ENOENT";
    if (missing) return result("warn", "database", `${file} does not exist yet: \`callboard migrate\` (or the first \`serve\`) creates it`);
    return result("fail", "database", `${file}: ${(err as Error).message}`);
  }
  try {
    const pending = pendingMigrations(db);
    if (pending.length) {
      return result("warn", "database", `${file} lacks ${pending.length} migration(s) (${pending.join(", ")}): run \`callboard migrate\`, or restart \`serve\`, which applies them`);
    }
    return result("ok", "database", `${file} is migrated`);
  } catch (err) {
    return result("fail", "database", `${file}: ${(err as Error).message}`);
  } finally {
    db.$client.close();
  }
}

/** The token `serve` left for local tools; doctor runs as callboard's user, so it may read it. */
function readLocalToken(dataDir: string): string | undefined {
  try {
    return readFileSync(localTokenFile(dataDir), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** callboard may already run (it must answer /health), or the port must be free for it. */
function healthUrl(config: Config): string {
  const { host, port } = config.http;
  const dialHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${dialHost.includes(":") ? `[${dialHost}]` : dialHost}:${port}/health`;
}

async function checkHttp(config: Config, timeoutMs: number): Promise<CheckResult> {
  const { host, port } = config.http;
  const url = healthUrl(config);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => undefined)) as { ok?: boolean; esl?: string } | undefined;
    if (res.ok && body?.ok === true) return result("ok", "http", `callboard answers ${url} (esl ${body.esl})`);
    return result("fail", "http", `${url} answers ${res.status}, but not as callboard: another program holds the port`);
  } catch {
    const busy = await portInUse(host, port);
    if (!busy) return result("ok", "http", `${host}:${port} is free for \`callboard serve\``);
    return result("fail", "http", `${host}:${port} is taken (${busy}) by something that does not answer /health`);
  }
}

function portInUse(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err) => resolve(errorText(err)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** The password is pasted into FreeSWITCH's XML (vars.xml) and into an ESL command line. */
function checkEslPassword(password: string): CheckResult {
  if (password === "ClueCon") {
    return result("fail", "esl password", "CALLBOARD_ESL_PASSWORD is FreeSWITCH's stock ClueCon: set one strong value for both callboard and FreeSWITCH");
  }
  if (/[\s"'<>&]/.test(password)) {
    return result("fail", "esl password", "CALLBOARD_ESL_PASSWORD holds a space, quote, <, > or &: FreeSWITCH's XML and the auth command cannot carry it");
  }
  if (password.length < 16) return result("warn", "esl password", "CALLBOARD_ESL_PASSWORD is shorter than 16 characters");
  return result("ok", "esl password", "not the stock one");
}

/**
 * The smallest ESL exchange that proves both ends agree: FreeSWITCH greets
 * with `Content-Type: auth/request`, we send `auth <password>`, it replies
 * `Reply-Text: +OK accepted` (or `-ERR invalid` and hangs up). The same
 * connection code as `serve`, without the event subscription.
 */
export async function probeEsl(esl: { host: string; port: number; password: string }, timeoutMs = 3000): Promise<CheckResult> {
  const where = `${esl.host}:${esl.port}`;
  // A line break in the password would smuggle a second command onto the socket.
  if (/\s/.test(esl.password)) return result("fail", "esl", "not tried: the password holds whitespace");
  const probe = await openEslConnection({ ...esl, events: [], stepTimeoutMs: timeoutMs, onEvent: () => {} });
  if (probe.ok) {
    probe.connection.close();
    return result("ok", "esl", `${where} accepted the password`);
  }
  const { step, kind, detail } = probe;
  if (kind === "timeout") return result("fail", "esl", `${where} did not answer within ${timeoutMs} ms`);
  if (step === "connect") return result("fail", "esl", `cannot reach FreeSWITCH's event socket at ${where} (${detail})`);
  if (step === "greeting" && kind === "refused") return result("fail", "esl", `${where} greeted with ${detail} instead of auth/request (ACL?)`);
  if (step === "auth" && kind === "refused") {
    return result("fail", "esl", `${where} rejected CALLBOARD_ESL_PASSWORD (${detail}): FreeSWITCH must get the same value`);
  }
  return result("fail", "esl", `${where} closed the connection before authentication`);
}

export const formatResult = (r: CheckResult) => `${r.status.padEnd(4)}  ${r.check}: ${r.detail}`;

async function runDoctor(args: string[]) {
  parseFlags(args, {}, command.help);
  const results = await runChecks();
  for (const r of results) console.log(formatResult(r));
  if (results.some((r) => r.status === "fail")) process.exitCode = 1;
}
