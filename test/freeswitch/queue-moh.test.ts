/**
 * A queue's music on hold from an uploaded sound, heard on a real
 * FreeSWITCH: the admin uploads `hold-music` (one second of a 700 Hz tone)
 * and names it the queue's musicOnHold; callboard serves it as
 * callcenter.conf's moh-sound. A provider's call to the queue's DID waits
 * with nobody to answer, and the audio FreeSWITCH sends the caller (taken
 * by the test's own RTP socket, support/rtp-peer.ts) is that tone, at the
 * file's loudness, while FreeSWITCH's debug log shows the file played, and
 * played again, for that channel. CALLBOARD_TEST_VERBOSE=1 prints the lines.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { watchFreeswitch, type EslWatch } from "./support/esl-watch.ts";
import { answeredMedia, receivedAudio, rms, startRtpPeer, toneWav, tonePower } from "./support/rtp-peer.ts";
import { startSipp } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let watch: EslWatch;
const DID = "998785553311";
const HOLD_HZ = 700;
const hold = toneWav(HOLD_HZ, 1);

beforeAll(async () => {
  tier = await startTier();
  const api = tier.cb.api;
  const upload = await fetch(`${tier.cb.url}/api/v1/sounds/hold-music`, {
    method: "POST",
    headers: { authorization: `Bearer ${tier.cb.token}`, "content-type": "audio/wav" },
    body: hold.wav,
  });
  expect(upload.status).toBe(201);
  // Nobody answers and nobody is timed out: the caller hears the music until the test hangs up.
  const queue = await api<{ freeswitch: { applied: boolean } }>("POST", "/queues", {
    name: "support",
    musicOnHold: "hold-music",
    maxWaitSeconds: 0,
    noAgentMaxWaitSeconds: 0,
    agents: [],
  });
  expect(queue).toMatchObject({ status: 201, body: { freeswitch: { applied: true } } });
  expect((await api("POST", "/dids", { number: DID, destination: { type: "queue", target: "support" } })).status).toBe(201);
  watch = await watchFreeswitch(tier, "CUSTOM callcenter::info");
}, 90_000);

afterAll(async () => {
  watch?.close();
  await tier?.stop();
});

test("a caller waiting in queue support hears the uploaded hold-music: its tone, its loudness, the file played for that channel", async () => {
  const file = `${tier.cb.config.soundsDir}/hold-music.wav`;
  const rtp = await startRtpPeer();
  const call = await startSipp({
    scenario: "provider-rtp.xml",
    target: tier.external,
    keys: { from: "998901112233", name: "Mijoz", did: DID, rtp_port: String(rtp.port) },
    timeoutSeconds: 60,
  });
  let media: ReturnType<typeof answeredMedia>;
  await until("FreeSWITCH answered the DID", () => (media = answeredMedia(call.trace())) !== undefined, 15_000);
  rtp.start(media!);
  // The file loops: three plays through prove it is the music, not a one-off prompt.
  await until("hold-music played three times", () => watch.log().filter((l) => l.includes(`done playing file ${file}`)).length >= 3, 20_000);
  await watch.api("hupall NORMAL_CLEARING");
  expect(await call.done).toBe(0);
  rtp.close();

  const heard = receivedAudio(rtp.received());
  expect(heard.length).toBeGreaterThanOrEqual(2 * 8000);
  // Half a second in (the answer, mod_callcenter taking the call) and short of the hang-up: the tone must stand out.
  const music = heard.subarray(4000, heard.length - 2400);
  const at = (hz: number) => tonePower(music, hz);
  for (const other of [350, 440, 480, 620, 1000, 1400]) expect(at(HOLD_HZ)).toBeGreaterThan(100 * at(other));
  // Sample for sample: aligned on the tone's 80-sample period, what arrived is the file's waveform, up to PCMU's quantisation.
  const misfit = (offset: number) => music.reduce((sum, x, i) => sum + Math.abs(x - hold.samples[(i + offset) % hold.samples.length]!), 0) / music.length;
  const fit = Math.min(...Array.from({ length: 80 }, (_, o) => misfit(o)));
  expect(fit / rms(hold.samples)).toBeLessThan(0.05);
  // PCMU's quantisation and the file's restart aside, the caller hears the file at its own level.
  expect(rms(music) / rms(hold.samples)).toBeGreaterThan(0.8);
  expect(rms(music) / rms(hold.samples)).toBeLessThan(1.2);

  const channelLines = watch.log().filter((l) => l.includes(file));
  expect(channelLines.length).toBeGreaterThanOrEqual(2);
  expect(tier.fs.log()).toContain("callcenter(support)");
  if (process.env.CALLBOARD_TEST_VERBOSE) {
    const ratios = Object.fromEntries([350, 440, 480, 620, 1000, 1400].map((hz) => [hz, Math.round(at(HOLD_HZ) / at(hz))]));
    console.log({ seconds: heard.length / 8000, rmsRatio: rms(music) / rms(hold.samples), meanSampleError: fit, powerOver: ratios });
    console.log(tier.fs.log().split("\n").filter((l) => /callcenter|support/.test(l)).join("\n"));
    console.log(watch.log().filter((l) => /hold-music|callcenter|moh/i.test(l)).slice(0, 12).join(""));
  }
}, 90_000);
