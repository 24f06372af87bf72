/**
 * Voicemail on a real FreeSWITCH (issue 11): mod_voicemail loads the profile
 * callboard serves (voicemail.conf), a call to 1001 that nobody answers goes
 * to 1001's box, the caller talks (sipp sends speech as RTP) and hangs up,
 * the message is listed and downloaded over REST, and 1001's registered
 * phone gets the message-waiting NOTIFY; deleting it over REST turns the
 * light off again. *97 from 1001's phone reaches its box. With
 * CALLBOARD_TEST_VERBOSE=1 what FreeSWITCH logged is printed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { startPhone } from "./support/phones.ts";
import { runSipp, type SippRun } from "./support/sipp.ts";
import { DOMAIN, startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let phone: SippRun;
const PW = { "1001": "Operator-One-2026", "1002": "Operator-Two-2026" };
const PIN = "480215";

type Message = { uuid: string; callerIdNumber: string; seconds: number; readAt: string | null };

/** One second of a 440 Hz tone: a WAV as an admin would upload it (mono, 8 kHz, 16-bit PCM). */
function greetingWav(): Uint8Array {
  const rate = 8000;
  const samples = rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write("WAVEfmt ", 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

const messages = async () => (await tier.cb.api<{ items: Message[] }>("GET", "/extensions/1001/voicemail/messages")).body.items;
const notifies = () =>
  phone
    .trace()
    .split(/\n(?=-{10,} )/)
    .filter((block) => /UDP message received[^\n]*\n\s*NOTIFY sip:/.test(block));
const logged = (pattern: RegExp) => tier.fs.log().split("\n").filter((l) => pattern.test(l));

beforeAll(async () => {
  // Five seconds of ringing, not thirty: the test waits for the no-answer.
  tier = await startTier({ env: { CALLBOARD_RING_TIMEOUT: "5" } });
  const api = tier.cb.api;
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Шахноза Юсупова"]] as const) {
    expect((await api("POST", "/extensions", { number, name, password: PW[number] })).status).toBe(201);
  }
  expect((await api("PUT", "/extensions/1001/voicemail", { enabled: true, pin: PIN })).status).toBe(200);
  const upload = await fetch(`${tier.cb.url}/api/v1/extensions/1001/voicemail/greeting`, {
    method: "PUT",
    headers: { authorization: `Bearer ${tier.cb.token}`, "content-type": "audio/wav" },
    body: greetingWav(),
  });
  expect(upload.status).toBe(200);
  // 1001 is away: its phone rings and is never picked up, and it shows the message-waiting light.
  phone = await startPhone(tier, { user: "1001", password: PW["1001"], behaviour: "rings-mwi" });
}, 90_000);

afterAll(async () => {
  await phone?.stop();
  await tier?.stop();
});

test("FreeSWITCH loads the voicemail profile callboard serves, with the storage dir callboard reads", () => {
  expect(logged(/Added Profile default/).length).toBeGreaterThan(0);
  if (process.env.CALLBOARD_TEST_VERBOSE) console.log(logged(/mod_voicemail|voicemail\.conf/).join("\n"));
});

test("1002 calls 1001, nobody answers: the greeting plays, 1002 talks, and the message is listed and downloadable", async () => {
  const call = await runSipp({
    scenario: "call-talks.xml",
    target: tier.internal,
    auth: { user: "1002", password: PW["1002"] },
    keys: { user: "1002", name: "1002", domain: DOMAIN, dest: "1001", talk_ms: "9000" },
    timeoutSeconds: 60,
  });
  expect(call.finalStatus("INVITE")).toBe(200);

  let list: Message[] = [];
  await until("the message in 1001's box", async () => (list = await messages()).length === 1, 20_000);
  expect(list[0]).toMatchObject({ callerIdNumber: "1002", readAt: null });
  expect(list[0]!.seconds).toBeGreaterThanOrEqual(3);

  const url = `${tier.cb.url}/api/v1/extensions/1001/voicemail/messages/${list[0]!.uuid}/audio`;
  const auth = { authorization: `Bearer ${tier.cb.token}` };
  const whole = await fetch(url, { headers: auth });
  expect(whole.status).toBe(200);
  expect(whole.headers.get("content-type")).toBe("audio/wav");
  const bytes = new Uint8Array(await whole.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe("RIFF");
  // Seconds of 8 kHz 16-bit audio at the least, not an empty header.
  expect(bytes.length).toBeGreaterThan(3 * 8000 * 2);
  const head = await fetch(url, { headers: { ...auth, range: "bytes=0-43" } });
  expect(head.status).toBe(206);
  expect(head.headers.get("content-range")).toBe(`bytes 0-43/${bytes.length}`);
  expect((await head.arrayBuffer()).byteLength).toBe(44);

  if (process.env.CALLBOARD_TEST_VERBOSE) {
    console.log(logged(/continue_on_fail|bridge\(|NO_ANSWER|voicemail\(|greeting|msg_|Update MWI|voicemail/i).slice(-40).join("\n"));
  }
}, 90_000);

test("1001's registered phone gets the message-waiting NOTIFY, and it goes off when the message is deleted over REST", async () => {
  await until("NOTIFY Messages-Waiting: yes at 1001's phone", () => notifies().some((n) => /Messages-Waiting: yes/i.test(n)), 20_000);
  const yes = notifies().find((n) => /Messages-Waiting: yes/i.test(n))!;
  expect(yes).toMatch(/Event: message-summary/i);
  expect(yes).toMatch(/Message-Account: sip:1001@pbx\.test/i);
  expect(yes).toMatch(/Voice-Message: 1\/0/i);
  if (process.env.CALLBOARD_TEST_VERBOSE) console.log(yes);

  const [message] = await messages();
  const before = notifies().length;
  const res = await fetch(`${tier.cb.url}/api/v1/extensions/1001/voicemail/messages/${message!.uuid}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${tier.cb.token}` },
  });
  expect(res.status).toBe(204);
  expect(await messages()).toEqual([]);
  await until("NOTIFY Messages-Waiting: no", () => notifies().slice(before).some((n) => /Messages-Waiting: no/i.test(n)), 20_000);
}, 60_000);

test("*97 from 1001's phone opens 1001's own box (mod_voicemail asks for the PIN)", async () => {
  await runSipp({
    scenario: "call.xml",
    target: tier.internal,
    auth: { user: "1001", password: PW["1001"] },
    keys: { user: "1001", name: "1001", domain: DOMAIN, dest: "*97", talk_ms: "2000" },
    timeoutSeconds: 30,
  });
  await until("FreeSWITCH ran voicemail check", () => logged(/voicemail\(check default pbx\.test 1001\)/).length > 0, 10_000);
  if (process.env.CALLBOARD_TEST_VERBOSE) console.log(logged(/\*97|voicemail\(check|phrase|macro/i).slice(-20).join("\n"));
}, 60_000);
