/**
 * A tier whose internal profile also listens for TLS, with a self-signed
 * certificate openssl makes for 127.0.0.1, and extensions 1001 and 1002.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SrtpMode } from "../../../src/config.ts";
import { selfSignedCert, type CertFiles } from "../../support/self-signed-cert.ts";
import { freePort } from "./ports.ts";
import { DOMAIN, startTier, type Tier } from "./tier.ts";
import { connectTlsPhone, type TlsPhone } from "./tls-phone.ts";

export const PW = { "1001": "Tls-Operator-2026", "1002": "Desk-Operator-2026" } as const;

export type TlsTier = { tier: Tier; cert: CertFiles; tlsPort: number; phone(user: keyof typeof PW): Promise<TlsPhone>; stop(): Promise<void> };

export async function startTlsTier(srtp: SrtpMode): Promise<TlsTier> {
  const certRoot = mkdtempSync(join(tmpdir(), "callboard-tls-"));
  const cert = selfSignedCert(join(certRoot, "tls"), "127.0.0.1");
  const tlsPort = await freePort();
  const tier = await startTier({
    env: { CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_PORT: String(tlsPort), CALLBOARD_SIP_TLS_CERT_DIR: cert.dir, CALLBOARD_SRTP: srtp },
  });
  for (const [number, name] of [["1001", "Laptop on TLS"], ["1002", "Desk on UDP"]] as const) {
    const made = await tier.cb.api("POST", "/extensions", { number, name, password: PW[number] });
    if (made.status !== 201) throw new Error(`extension ${number}: ${made.status}`);
  }
  const phones: TlsPhone[] = [];
  return {
    tier,
    cert,
    tlsPort,
    phone: async (user) => {
      const p = await connectTlsPhone({ host: "127.0.0.1", port: tlsPort, domain: DOMAIN, user, password: PW[user], ca: cert.cert });
      phones.push(p);
      return p;
    },
    stop: async () => {
      for (const p of phones) p.close();
      await tier.stop();
      rmSync(certRoot, { recursive: true, force: true });
    },
  };
}
