/**
 * A certificate laid out as sofia wants it in tls-cert-dir: agent.pem (key,
 * then certificate) and cafile.pem (the certificate that signed it, here
 * itself). Made by Debian's openssl, as docs/tls.md has an admin do.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type CertFiles = { dir: string; cert: string; key: string };

export function selfSignedCert(dir: string, name: string, opts: { keyType?: "rsa" | "ec" } = {}): CertFiles {
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  const keyArgs = opts.keyType === "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", "rsa:2048"];
  const san = /^\d+\.\d+\.\d+\.\d+$/.test(name) ? `IP:${name}` : `DNS:${name},IP:127.0.0.1`;
  const made = Bun.spawnSync(
    ["openssl", "req", "-x509", ...keyArgs, "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "30", "-subj", `/CN=${name}`, "-addext", `subjectAltName=${san}`],
    { stderr: "pipe" },
  );
  if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  const key = readFileSync(keyFile, "utf8");
  const cert = readFileSync(certFile, "utf8");
  writeFileSync(join(dir, "agent.pem"), key + cert, { mode: 0o640 });
  writeFileSync(join(dir, "cafile.pem"), cert, { mode: 0o644 });
  return { dir, cert, key };
}
