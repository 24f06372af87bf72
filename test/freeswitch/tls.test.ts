/**
 * Phones over TLS on a real FreeSWITCH: callboard's sofia.conf gives the
 * internal profile a TLS listener with the test's own certificate, a phone
 * registers over it (digest, as over UDP) and is seen live as tls, calls a
 * desk phone on UDP with SRTP on its own leg only, and with
 * CALLBOARD_SRTP=require a call offering plain RTP is refused with 488.
 * doctor's TLS checks are run against this FreeSWITCH too.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { checkSofia } from "../../src/cli/sofia-checks.ts";
import { checkTlsCertificate } from "../../src/cli/tls-check.ts";
import { openEslConnection } from "../../src/esl/esl-connection.ts";
import { until } from "../support/until.ts";
import { placeCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import type { Tier } from "./support/tier.ts";
import { header, type TlsPhone } from "./support/tls-phone.ts";
import { PW, startTlsTier, type TlsTier } from "./support/tls-tier.ts";

let tls: TlsTier;
let tier: Tier;
let tlsPort: number;

beforeAll(async () => {
  tls = await startTlsTier("require");
  ({ tier, tlsPort } = tls);
}, 60_000);

afterAll(async () => {
  await desk?.stop();
  await tls?.stop();
});

type Registration = { user: string; transport: string; contact: string };

let laptop: TlsPhone;
let desk: SippRun | undefined;

/** One `api` command over FreeSWITCH's event socket, for what FreeSWITCH itself says. */
async function fsApi(command: string): Promise<string> {
  const opened = await openEslConnection({ ...tier.esl, events: [], stepTimeoutMs: 3000, onEvent: () => {} });
  if (!opened.ok) throw new Error(`event socket: ${opened.detail}`);
  try {
    const reply = await opened.connection.api(command, 3000);
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  } finally {
    opened.connection.close();
  }
}

test("FreeSWITCH listens for TLS with the certificate callboard pointed it at, and doctor says so", async () => {
  const [profiles, , listener] = await checkSofia(tier.esl, 3000, tlsPort);
  expect(profiles?.status).toBe("ok");
  expect(listener).toEqual({ status: "ok", check: "sip tls listener", detail: `profile internal listens for TLS at sips:mod_sofia@127.0.0.1:${tlsPort};transport=tls` });
  expect(checkTlsCertificate({ port: tlsPort, certDir: tls.cert.dir }, "127.0.0.1").status).toBe("ok");
  // connectTlsPhone verifies the served certificate against the test's own: a tls.pem FreeSWITCH made itself would fail here.
  laptop = await tls.phone("1001");
});

test("a phone registers over TLS with digest auth and is listed live with transport tls", async () => {
  const answer = await laptop.register();
  expect(answer.status).toBe(200);
  expect(laptop.log.map((m) => m.status)).toEqual([401, 200]);
  await until("1001's TLS registration in /registrations", async () => {
    const { body } = await tier.cb.api<{ items: Registration[] }>("GET", "/registrations");
    return body.items.some((r) => r.user === "1001" && r.transport === "tls");
  });
  const reg = await fsApi("sofia status profile internal reg 1001");
  expect(reg).toMatch(/Status:\s+Registered\(TLS(-NAT)?\)/);
});

test("the TLS phone calls the UDP desk phone: SRTP on its own leg, plain RTP to the desk phone", async () => {
  desk = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 200 });
  const call = await laptop.call("1002", "srtp");
  expect(call.status).toBe(200);
  expect(call.final.body).toMatch(/^m=audio \d+ RTP\/SAVP /m);
  expect(call.final.body).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/m);
  const deskInvite = desk.trace().split(/-{10,}/).find((m) => /INVITE sip:1002@/.test(m)) ?? "";
  expect(deskInvite).toMatch(/m=audio \d+ RTP\/AVP /);
  expect(deskInvite).not.toContain("a=crypto");
  expect(tier.fs.log()).toContain("Activating audio Secure RTP RECV");
  expect(await laptop.hangup()).toBe(200);
});

test("with CALLBOARD_SRTP=require a TLS phone offering plain RTP is refused 488, nothing rings", async () => {
  const call = await laptop.call("1002", "plain");
  expect(call.status).toBe(488);
  expect(header(call.final, "reason") ?? "").toContain("INCOMPATIBLE_DESTINATION");
  expect(tier.fs.log()).toContain("hangup(INCOMPATIBLE_DESTINATION)");
  expect(desk!.requestsReceived().filter((m) => m === "INVITE")).toHaveLength(1);
});

test("the UDP desk phone calls the TLS phone: FreeSWITCH offers SRTP alone to the TLS leg and the call is answered", async () => {
  const call = await placeCall(tier, { from: "1002", password: PW["1002"], to: "1001", talkMs: 500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  const offer = laptop.invites.at(-1)?.body ?? "";
  expect(offer).toMatch(/^m=audio \d+ RTP\/SAVP /m);
  expect(offer).not.toMatch(/^m=audio \d+ RTP\/AVP /m);
  expect(offer).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:/m);
});
