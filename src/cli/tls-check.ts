/**
 * `callboard doctor`'s look at the certificate FreeSWITCH serves phones over
 * TLS. sofia reads `agent.pem` (private key and certificate, PEM) and
 * `cafile.pem` from tls-cert-dir; when either is missing it quietly writes
 * and serves a self-signed `tls.pem` of its own (sofia.c), and a key that
 * does not match or a cafile it cannot load stops TLS (tport_tls.c). So
 * each is judged here, before a phone finds out: present, readable by
 * FreeSWITCH's user, parseable, key and certificate a pair, in date.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, join } from "node:path";
import type { SipTls } from "../config.ts";
import { type Account, findFreeswitchAccount, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";
import { permits, type PathNode } from "./recordings-check.ts";

type Verdict = { status: "ok" | "warn" | "fail"; detail: string };

const READ = 4;
const EXECUTE = 1;
/** A certificate this close to its end is a warning: Let's Encrypt renews at 30 days left. */
const SOON_MS = 14 * 86_400_000;

const pemBlocks = (text: string, label: RegExp) =>
  [...text.matchAll(/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g)].filter((m) => label.test(m[1]!)).map((m) => m[0]);

function node(path: string): PathNode | undefined {
  try {
    const st = statSync(path);
    return { path, mode: st.mode, uid: st.uid, gid: st.gid };
  } catch {
    return undefined;
  }
}

/** The file, and every directory above it, as FreeSWITCH's user must pass them: search each, read the file. */
function unreadableStep(account: Account, file: string): PathNode | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const d = node(dir);
    if (d && !permits(account, d, EXECUTE)) return d;
    if (dir === dirname(dir)) break;
  }
  const f = node(file);
  return f && !permits(account, f, READ) ? f : undefined;
}

const modeText = (n: PathNode) => `mode ${(n.mode & 0o7777).toString(8).padStart(4, "0")}, owner ${n.uid}:${n.gid}`;

type Pair = { cert: X509Certificate; key: KeyObject };

/** agent.pem as tport_tls.c loads it: the first certificate, and the private key from the same file. */
function readAgent(text: string): Pair | string {
  const certs = pemBlocks(text, /^CERTIFICATE$/);
  const keys = pemBlocks(text, /PRIVATE KEY$/);
  if (certs.length === 0) return "holds no certificate";
  if (keys.length === 0) return "holds no private key: put the key and the certificate in it, key first";
  if (keys[0]!.includes("ENCRYPTED")) return "holds an encrypted key, which callboard gives FreeSWITCH no passphrase for: `openssl pkey -in KEY -out KEY.plain`";
  try {
    const cert = new X509Certificate(certs[0]!);
    const key = createPrivateKey(keys[0]!);
    return cert.checkPrivateKey(key) ? { cert, key } : "holds a private key that is not the certificate's: FreeSWITCH would refuse TLS";
  } catch (err) {
    return `does not parse (${(err as Error).message})`;
  }
}

function dates(cert: X509Certificate, now: Date): Verdict | undefined {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (to.getTime() <= now.getTime()) return { status: "fail", detail: `expired on ${to.toISOString()}: phones that check refuse it` };
  if (from.getTime() > now.getTime()) return { status: "fail", detail: `not valid before ${from.toISOString()}` };
  if (to.getTime() - now.getTime() < SOON_MS) return { status: "warn", detail: `expires on ${to.toISOString()}: renew it` };
  return undefined;
}

const subjectOf = (cert: X509Certificate) => cert.subjectAltName ?? /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? cert.subject;

export function checkTlsCertificate(tls: SipTls, domain: string, host: HostFiles = HOST_FILES, now = new Date()): Verdict {
  const agent = join(tls.certDir, "agent.pem");
  const cafile = join(tls.certDir, "cafile.pem");
  for (const file of [agent, cafile]) {
    if (!node(file)) return { status: "fail", detail: `${file} is missing: FreeSWITCH would serve a self-signed tls.pem of its own instead (docs/tls.md)` };
  }
  const account = findFreeswitchAccount(host);
  const who = account ? `FreeSWITCH (user ${account.user}, from ${account.source})` : "";
  for (const file of account ? [agent, cafile] : []) {
    const blocked = unreadableStep(account!, file);
    if (blocked) {
      const fix = blocked.path === file ? `chgrp ${account!.group} ${file} && chmod 640 ${file}` : `chmod o+x ${blocked.path}`;
      return { status: "fail", detail: `${who} cannot read ${file} (${blocked.path}: ${modeText(blocked)}): ${fix}` };
    }
  }
  let agentText: string;
  let caText: string;
  try {
    agentText = readFileSync(agent, "utf8");
    caText = readFileSync(cafile, "utf8");
  } catch (err) {
    return { status: "warn", detail: `cannot read the certificate files as this user (${(err as { code?: string }).code}): run doctor as root` };
  }
  const pair = readAgent(agentText);
  if (typeof pair === "string") return { status: "fail", detail: `${agent} ${pair}` };
  if (pemBlocks(caText, /^CERTIFICATE$/).length === 0) return { status: "fail", detail: `${cafile} holds no certificate: FreeSWITCH cannot load it and starts no TLS` };
  const when = dates(pair.cert, now);
  if (when) return { status: when.status, detail: `${agent} (${subjectOf(pair.cert)}) ${when.detail}` };
  const covers = (isIP(domain) ? pair.cert.checkIP(domain) : pair.cert.checkHost(domain)) !== undefined;
  const readable = who ? `; ${who} can read both` : "; no freeswitch user found to check its access";
  const summary = `${agent} (${subjectOf(pair.cert)}) matches its key, valid until ${new Date(pair.cert.validTo).toISOString().slice(0, 10)}${readable}`;
  if (!covers) return { status: "warn", detail: `${summary}; but it does not name ${domain}: phones that verify the server refuse it` };
  return { status: "ok", detail: summary };
}
