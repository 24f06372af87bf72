/**
 * IVR direct dial and the invalid-key sound on a real FreeSWITCH: menu
 * `main` (greeting `welcome`, invalid sound `wrong-key`, both uploaded;
 * option 1 → 1003; direct dial on; two failures → 1003). The caller's keys
 * are RFC 2833 telephone-events from the test's own RTP socket
 * (support/rtp-peer.ts). Keying 1002 reaches extension 1002 through the
 * menu's direct-dial entry; keying 7 twice plays wrong-key each time
 * (FreeSWITCH's debug log: the invalid input caught, the file played to
 * its end) and the second failure sends the caller to the fallback.
 * CALLBOARD_TEST_VERBOSE=1 prints what FreeSWITCH logged.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { watchFreeswitch, type EslWatch } from "./support/esl-watch.ts";
import { startPhone } from "./support/phones.ts";
import { answeredMedia, startRtpPeer, toneWav, type RtpPeer } from "./support/rtp-peer.ts";
import { startSipp, type SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let watch: EslWatch;
const phones: Record<string, SippRun> = {};
const PW = { "1002": "Operator-Two-2026", "1003": "Night-Desk-2026" };
const DID = "998785553310";

const invites = (phone: string) => phones[phone]!.requestsReceived().filter((m) => m === "INVITE").length;
const debug = (text: string) => watch.log().filter((l) => l.includes(text));
/** freeswitch.log's lines matching `pattern` (not the whole log in a failure message). */
const logged = (pattern: RegExp) => tier.fs.log().split("\n").filter((l) => pattern.test(l));

async function upload(name: string, hz: number) {
  const res = await fetch(`${tier.cb.url}/api/v1/sounds/${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tier.cb.token}`, "content-type": "audio/wav" },
    body: toneWav(hz, 1).wav,
  });
  expect(res.status).toBe(201);
}

/** The provider calls the menu's DID; resolves once the menu's greeting has started. */
async function callMenu(): Promise<{ call: SippRun; rtp: RtpPeer }> {
  const rtp = await startRtpPeer();
  const greeted = debug(`${tier.cb.config.soundsDir}/welcome.wav`).length;
  const call = await startSipp({
    scenario: "provider-rtp.xml",
    target: tier.external,
    keys: { from: "998901112233", name: "Mijoz", did: DID, rtp_port: String(rtp.port) },
    timeoutSeconds: 90,
  });
  let media: ReturnType<typeof answeredMedia>;
  await until("FreeSWITCH answered the DID", () => (media = answeredMedia(call.trace())) !== undefined, 15_000);
  rtp.start(media!);
  await until("the greeting playing", () => debug(`${tier.cb.config.soundsDir}/welcome.wav`).length > greeted, 15_000);
  return { call, rtp };
}

beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  for (const [number, name] of [["1002", "Bekzod Aliyev"], ["1003", "Night Desk"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  await upload("welcome", 440);
  await upload("wrong-key", 900);
  const menu = {
    name: "main",
    greeting: "welcome",
    invalidSound: "wrong-key",
    options: [{ digits: "1", destination: { type: "extension", target: "1003" } }],
    directDial: true,
    timeoutSeconds: 4,
    maxFailures: 2,
    fallback: { type: "extension", target: "1003" },
  };
  expect((await api("POST", "/ivr-menus", menu)).status).toBe(201);
  expect((await api("POST", "/dids", { number: DID, destination: { type: "ivr", target: "main" } })).status).toBe(201);
  phones["1002"] = await startPhone(tier, { user: "1002", password: PW["1002"], answerMs: 300 });
  phones["1003"] = await startPhone(tier, { user: "1003", password: PW["1003"], answerMs: 300 });
  watch = await watchFreeswitch(tier, "CHANNEL_ANSWER");
}, 90_000);

afterAll(async () => {
  watch?.close();
  for (const p of Object.values(phones)) await p.stop();
  await tier?.stop();
});

test("direct dial: the caller keys 1002 at the menu and extension 1002 rings and answers", async () => {
  const before = { "1002": invites("1002"), "1003": invites("1003") };
  const { call, rtp } = await callMenu();
  await rtp.key("1002");
  await until("1002's phone rung", () => invites("1002") > before["1002"], 15_000);
  await until("1002 answered", () => /Channel \[sofia\/internal\/1002@[^\]]+\] has been answered/.test(tier.fs.log()), 15_000);
  await watch.api("hupall NORMAL_CLEARING");
  expect(await call.done).toBe(0);
  rtp.close();
  expect(invites("1003")).toBe(before["1003"]);
  expect(logged(/EXECUTE .* ivr\(main\)/).length).toBeGreaterThan(0);
  expect(logged(/transfer\(main\/1002 XML ivr\)/).length).toBe(1);
  expect(logged(/bridge\(\{leg_timeout=30\}user\/1002@pbx\.test\)/).length).toBe(1);
  expect(debug("IVR menu 'main' caught invalid input")).toEqual([]);
  if (process.env.CALLBOARD_TEST_VERBOSE) console.log(logged(/ivr|transfer|DTMF|1002/).slice(-20).join("\n"));
}, 90_000);

test("a wrong key plays the menu's invalid sound and counts a failure: the second sends the caller to the fallback 1003", async () => {
  const sound = `${tier.cb.config.soundsDir}/wrong-key.wav`;
  const before = { "1003": invites("1003"), played: debug(`done playing file ${sound}`).length };
  const { call, rtp } = await callMenu();
  await rtp.key("7");
  await until("wrong-key played to its end", () => debug(`done playing file ${sound}`).length > before.played, 15_000);
  expect(debug("IVR menu 'main' caught invalid input '7'").length).toBe(1);
  expect(invites("1003")).toBe(before["1003"]);
  await rtp.key("7");
  await until("the fallback rings 1003", () => invites("1003") > before["1003"], 20_000);
  // The log reaches this connection on its own thread: it may trail the INVITE to 1003 by a moment.
  await until("the second wrong key logged", () => debug("IVR menu 'main' caught invalid input '7'").length >= 2, 5_000);
  await until("wrong-key played to its end again", () => debug(`done playing file ${sound}`).length >= before.played + 2, 5_000);
  expect(debug("IVR menu 'main' caught invalid input '7'").length).toBe(2);
  expect(debug("Maximum failures").length).toBe(1);
  await watch.api("hupall NORMAL_CLEARING");
  expect(await call.done).toBe(0);
  rtp.close();
  expect(logged(/transfer\(main\/fallback XML ivr\)/).length).toBe(1);
  if (process.env.CALLBOARD_TEST_VERBOSE) {
    console.log(watch.log().filter((l) => /invalid input|wrong-key|Maximum failures|digits '/.test(l)).join(""));
  }
}, 90_000);
