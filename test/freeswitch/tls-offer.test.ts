/**
 * CALLBOARD_SRTP=offer on a real FreeSWITCH: a phone on TLS is offered SRTP
 * and plain RTP side by side when called, and may still call with plain RTP.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { placeCall, startPhone } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import type { TlsPhone } from "./support/tls-phone.ts";
import { PW, startTlsTier, type TlsTier } from "./support/tls-tier.ts";

let tls: TlsTier;
let laptop: TlsPhone;
let desk: SippRun;

beforeAll(async () => {
  tls = await startTlsTier("offer");
  laptop = await tls.phone("1001");
  expect((await laptop.register()).status).toBe(200);
  desk = await startPhone(tls.tier, { user: "1002", password: PW["1002"], answerMs: 200 });
}, 60_000);

afterAll(async () => {
  await desk?.stop();
  await tls?.stop();
});

test("the desk phone calls the TLS phone: SRTP first and plain RTP beside it are offered; the phone takes SRTP", async () => {
  const call = await placeCall(tls.tier, { from: "1002", password: PW["1002"], to: "1001", talkMs: 500 });
  expect([call.finalStatus("INVITE"), call.finalStatus("BYE")]).toEqual([200, 200]);
  const offer = laptop.invites.at(-1)?.body ?? "";
  expect([...offer.matchAll(/^m=audio \d+ (\S+)/gm)].map((m) => m[1])).toEqual(["RTP/SAVP", "RTP/AVP"]);
  expect(offer).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:/m);
  expect(tls.tier.fs.log()).toContain("Activating audio Secure RTP RECV");
});

test("the TLS phone may still call with plain RTP: nothing is refused when SRTP is only offered", async () => {
  const call = await laptop.call("1002", "plain");
  expect(call.status).toBe(200);
  expect(call.final.body).toMatch(/^m=audio \d+ RTP\/AVP /m);
  expect(call.final.body).not.toContain("a=crypto");
  expect(await laptop.hangup()).toBe(200);
});
