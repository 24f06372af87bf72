import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeEventSocket, installDirs, PASSWORD } from "../../test/support/doctor-fixtures.ts";
import { selfSignedCert } from "../../test/support/self-signed-cert.ts";
import { runChecks } from "./doctor.ts";
import { judgeSofiaTls } from "./sofia-checks.ts";
import { checkTlsCertificate } from "./tls-check.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A cert dir FreeSWITCH (another user in this process's group) can read, and the /etc files that say who it is. */
function certDir(name = "127.0.0.1", keyType: "rsa" | "ec" = "ec") {
  const root = mkdtempSync(join(tmpdir(), "callboard-tls-check-"));
  roots.push(root);
  chmodSync(root, 0o750);
  const files = selfSignedCert(join(root, "tls"), name, { keyType });
  chmodSync(files.dir, 0o750);
  writeFileSync(join(root, "passwd"), `freeswitch:x:4242:${process.getgid!()}::/var/lib/freeswitch:/usr/sbin/nologin\n`);
  writeFileSync(join(root, "group"), "");
  const host = { passwd: join(root, "passwd"), group: join(root, "group"), proc: join(root, "no-proc") };
  return { ...files, host, tls: { port: 5061, certDir: files.dir } };
}

describe("doctor's look at the TLS certificate", () => {
  test("a matching key and certificate, in date, naming the domain and readable by FreeSWITCH: ok", () => {
    const c = certDir("call.example.uz");
    const verdict = checkTlsCertificate(c.tls, "call.example.uz", c.host);
    expect(verdict.status).toBe("ok");
    expect(verdict.detail).toContain("DNS:call.example.uz");
    expect(verdict.detail).toContain("matches its key");
    expect(verdict.detail).toContain("FreeSWITCH (user freeswitch");
  });

  test("a missing file fails, saying FreeSWITCH would serve a certificate of its own", () => {
    const c = certDir();
    rmSync(join(c.dir, "cafile.pem"));
    const verdict = checkTlsCertificate(c.tls, "127.0.0.1", c.host);
    expect(verdict).toEqual({ status: "fail", detail: expect.stringContaining("cafile.pem is missing: FreeSWITCH would serve a self-signed tls.pem") });
  });

  test("a key that is not the certificate's fails", () => {
    const c = certDir();
    const other = certDir();
    writeFileSync(join(c.dir, "agent.pem"), other.key + c.cert);
    chmodSync(join(c.dir, "agent.pem"), 0o640);
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host)).toEqual({ status: "fail", detail: expect.stringContaining("not the certificate's") });
  });

  test("agent.pem without its key, or with a key under a passphrase, fails saying what to put there", () => {
    const c = certDir("127.0.0.1", "rsa");
    writeFileSync(join(c.dir, "agent.pem"), c.cert);
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host).detail).toContain("holds no private key");
    const encrypted = Bun.spawnSync(["openssl", "pkey", "-aes256", "-passout", "pass:secret"], { stdin: Buffer.from(c.key) }).stdout.toString();
    writeFileSync(join(c.dir, "agent.pem"), encrypted + c.cert);
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host).detail).toContain("encrypted key");
  });

  test("expired fails, two weeks from its end warns, not yet valid fails", () => {
    const c = certDir();
    const end = new Date(new X509Certificate(c.cert).validTo).getTime();
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host, new Date(end + 1000))).toEqual({ status: "fail", detail: expect.stringContaining("expired on") });
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host, new Date(end - 5 * 86_400_000))).toEqual({ status: "warn", detail: expect.stringContaining("renew it") });
    expect(checkTlsCertificate(c.tls, "127.0.0.1", c.host, new Date(2000, 0, 1)).detail).toContain("not valid before");
  });

  test("a certificate for another name is a warning: phones that verify the server would refuse it", () => {
    const c = certDir("other.example");
    expect(checkTlsCertificate(c.tls, "call.example.uz", c.host)).toEqual({ status: "warn", detail: expect.stringContaining("does not name call.example.uz") });
  });

  test("a key FreeSWITCH's user cannot read fails with the command that fixes it", () => {
    const c = certDir();
    chmodSync(join(c.dir, "agent.pem"), 0o600);
    const verdict = checkTlsCertificate(c.tls, "127.0.0.1", c.host);
    expect(verdict.status).toBe("fail");
    expect(verdict.detail).toContain(`chmod 640 ${join(c.dir, "agent.pem")}`);
  });
});

describe("the TLS listener FreeSWITCH reports", () => {
  const reply = readFileSync(join(import.meta.dir, "../../test/fixtures/freeswitch/esl/sofia-status-profile-internal-tls.txt"), "utf8");

  test("FreeSWITCH 1.10.12's TLS-BIND-URL on the configured port: ok", () => {
    expect(judgeSofiaTls(reply, 35079)).toEqual({ status: "ok", check: "sip tls listener", detail: "profile internal listens for TLS at sips:mod_sofia@127.0.0.1:35079;transport=tls" });
  });

  test("another port, or no TLS line at all, fails and says to restart the profile", () => {
    expect(judgeSofiaTls(reply, 5061).status).toBe("fail");
    const withoutTls = reply.replace(/^TLS-.*\n/gm, "");
    expect(judgeSofiaTls(withoutTls, 5061)).toEqual({ status: "fail", check: "sip tls listener", detail: expect.stringContaining("sofia profile internal restart") });
  });
});

describe("callboard doctor", () => {
  const { madeDirs, healthyDataDir, removeAll } = installDirs();
  let esl: Awaited<ReturnType<typeof fakeEventSocket>>;
  beforeAll(async () => {
    esl = await fakeEventSocket(PASSWORD);
  });
  afterAll(() => {
    esl.close();
    removeAll();
  });

  test("with TLS on, the certificate and FreeSWITCH's TLS listener get a line each, after the event socket's", async () => {
    const root = mkdtempSync(join(tmpdir(), "callboard-doctor-tls-"));
    madeDirs.push(root);
    const cert = selfSignedCert(join(root, "tls"), "call.example.uz");
    const results = await runChecks({
      CALLBOARD_DATA_DIR: healthyDataDir(),
      CALLBOARD_HTTP_PORT: "0",
      CALLBOARD_ESL_PORT: String(esl.port),
      CALLBOARD_ESL_PASSWORD: PASSWORD,
      CALLBOARD_DOMAIN: "call.example.uz",
      CALLBOARD_SIP_TLS: "on",
      CALLBOARD_SIP_TLS_PORT: "35079",
      CALLBOARD_SIP_TLS_CERT_DIR: cert.dir,
    });
    const names = results.map((r) => r.check);
    expect(names.slice(names.indexOf("esl"))).toEqual(["esl", "sip tls certificate", "sip profiles", "gateways", "sip tls listener", "xml_curl fetched"]);
    expect(results.find((r) => r.check === "sip tls certificate")?.detail).toContain("matches its key");
    expect(results.find((r) => r.check === "sip tls listener")).toMatchObject({ status: "ok", detail: expect.stringContaining(":35079;transport=tls") });
  });
});
