/**
 * Voicemail from the phone on a real FreeSWITCH: 1001 dials *97 and keys its
 * PIN as RFC 2833 telephone-events (support/rtp-peer.ts), mod_voicemail's
 * prompts coming from callboard's phrase macros (xml_curl `languages`: no
 * sounds uploaded, so tones). The right PIN logs in (`vm::maintenance`
 * VM-Action authentication, VM-Auth-Result success), three wrong ones end
 * the call, and a PIN changed from the box's menu (5, then 6) is refused when
 * weak and otherwise stored by callboard as the vm-a1-hash, with
 * mod_voicemail's plaintext copy blanked: the new PIN logs in, the old one
 * no longer does.
 *
 * CALLBOARD_TEST_CAPTURE=DIR writes the vm::maintenance frames there as
 * FreeSWITCH sent them (test/fixtures/freeswitch/esl/frames came from it);
 * CALLBOARD_TEST_VERBOSE=1 prints what FreeSWITCH logged.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listAudit } from "../../src/db/audit-log.ts";
import { getVoicemailBox } from "../../src/db/voicemail-boxes.ts";
import { PROMPT_TONES } from "../../src/pbx/voicemail-prompts.ts";
import { voicemailPinHash } from "../../src/pbx/voicemail.ts";
import { until } from "../support/until.ts";
import { watchFreeswitch, type EslWatch } from "./support/esl-watch.ts";
import { answeredMedia, startRtpPeer, type RtpPeer } from "./support/rtp-peer.ts";
import { runSipp, startSipp, type SippRun } from "./support/sipp.ts";
import { DOMAIN, startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
let watch: EslWatch;
const PASSWORD = "Operator-One-2026";
const PIN = "480215";
const NEW_PIN = "739164";
const CALLER_PASSWORD = "Operator-Two-2026";

type VmEvent = Record<string, string>;
const vmEvents = (action: string): VmEvent[] =>
  watch
    .events()
    .map((f) => JSON.parse(f.body.toString("utf8")) as VmEvent)
    .filter((e) => e["Event-Subclass"] === "vm::maintenance" && e["VM-Action"] === action);
/** How many times a phrase macro played `tone` (switch_ivr_phrase_macro_event's "Handle play-file:[…]" debug line). */
const played = (tone: string) => watch.log().filter((l) => l.includes(`Handle play-file:[${tone}]`)).length;
const logged = (pattern: RegExp) => tier.fs.log().split("\n").filter((l) => pattern.test(l));

function capture(name: string, action: string, result?: string) {
  const dir = process.env.CALLBOARD_TEST_CAPTURE;
  if (!dir) return;
  const frame = watch.events().find((f) => {
    const e = JSON.parse(f.body.toString("utf8")) as VmEvent;
    return e["VM-Action"] === action && (result === undefined || e["VM-Auth-Result"] === result);
  });
  mkdirSync(dir, { recursive: true });
  if (frame) writeFileSync(join(dir, `${name}.frame`), frame.raw);
}

type BoxCall = { call: SippRun; rtp: RtpPeer; hangUp(): Promise<void> };

/** 1001's phone dials *97; resolves once FreeSWITCH has answered and the phone's audio flows. */
async function dialOwnBox(): Promise<BoxCall> {
  const rtp = await startRtpPeer();
  const call = await startSipp({
    scenario: "call-rtp.xml",
    target: tier.internal,
    auth: { user: "1001", password: PASSWORD },
    keys: { user: "1001", name: "1001", domain: DOMAIN, dest: "*97", rtp_port: String(rtp.port) },
    timeoutSeconds: 120,
  });
  let media: ReturnType<typeof answeredMedia>;
  await until("FreeSWITCH answered *97", () => (media = answeredMedia(call.trace())) !== undefined, 15_000);
  rtp.start(media!);
  return {
    call,
    rtp,
    hangUp: async () => {
      await watch.api(`hupall NORMAL_CLEARING`);
      await call.done;
      rtp.close();
    },
  };
}

/** Waits until a prompt tone has played `n` more times than `from`. */
const promptAfter = (from: number, what: string) => until(what, () => played(PROMPT_TONES.prompt) > from, 20_000);

/** What FreeSWITCH asked callboard (through the tier's tap): the prompts and the PIN-change lookups. */
const requests: string[] = [];

beforeAll(async () => {
  tier = await startTier({ tap: (raw) => requests.push(raw) });
  expect((await tier.cb.api("POST", "/extensions", { number: "1001", name: "Dilnoza Karimova", password: PASSWORD })).status).toBe(201);
  expect((await tier.cb.api("POST", "/extensions", { number: "1002", name: "Шахноза Юсупова", password: CALLER_PASSWORD })).status).toBe(201);
  expect((await tier.cb.api("PUT", "/extensions/1001/voicemail", { enabled: true, pin: PIN })).status).toBe(200);
  watch = await watchFreeswitch(tier, "CUSTOM vm::maintenance");
}, 90_000);

afterAll(async () => {
  const dir = process.env.CALLBOARD_TEST_CAPTURE;
  if (dir) {
    const body = (raw: string) => raw.slice(raw.indexOf("\r\n\r\n") + 4);
    const first = (pattern: RegExp) => requests.map(body).find((b) => pattern.test(b));
    const bodies = {
      "languages-voicemail_enter_pass": first(/section=languages&.*macro_name=voicemail_enter_pass/),
      "directory-voicemail-change-password-refused": first(/VM-Action=change-password&VM-User-Password=1234&/),
    };
    for (const [stem, text] of Object.entries(bodies)) if (text) writeFileSync(join(dir, `${stem}.body`), text);
  }
  watch?.close();
  await tier?.stop();
});

test("*97 and the right PIN keyed on the phone: mod_voicemail authenticates 1001 against callboard's vm-a1-hash", async () => {
  const before = { prompts: played(PROMPT_TONES.prompt), auth: vmEvents("authentication").length };
  const box = await dialOwnBox();
  await promptAfter(before.prompts, "the PIN prompt");
  await box.rtp.key(`${PIN}#`);
  await until("vm::maintenance authentication", () => vmEvents("authentication").length > before.auth, 15_000);
  const auth = vmEvents("authentication").at(-1)!;
  expect(auth).toMatchObject({ "VM-Auth-Result": "success", "VM-User": "1001", "VM-Domain": DOMAIN, "Caller-Destination-Number": "*97" });
  // Logged in: the folder summary, then the main menu's prompt.
  await until("vm::maintenance folder-summary", () => vmEvents("folder-summary").length > 0, 15_000);
  await promptAfter(before.prompts + 1, "the main menu's prompt");
  capture("event_json_vm_maintenance_authentication_success", "authentication", "success");
  await box.hangUp();
  expect(logged(/voicemail\(check default pbx\.test 1001\)/).length).toBeGreaterThan(0);
  expect(logged(/Open of languages and phrases failed/)).toEqual([]);
  if (process.env.CALLBOARD_TEST_VERBOSE) console.log(watch.log().filter((l) => /voicemail|phrase|Handle|RTP_EVENT|DTMF/i.test(l)).slice(-40).join(""));
}, 90_000);

test("three wrong PINs: each fails, mod_voicemail plays the refusal and hangs up by itself", async () => {
  const before = { prompts: played(PROMPT_TONES.prompt), fails: vmEvents("authentication").filter((e) => e["VM-Auth-Result"] === "fail").length, errors: played(PROMPT_TONES.error) };
  const box = await dialOwnBox();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await promptAfter(before.prompts + attempt - 1, `PIN prompt ${attempt}`);
    await box.rtp.key("111111#");
    await until(`failure ${attempt}`, () => vmEvents("authentication").filter((e) => e["VM-Auth-Result"] === "fail").length >= before.fails + attempt, 15_000);
  }
  // max-login-attempts=3: voicemail_abort, voicemail_goodbye, and FreeSWITCH's BYE ends sipp's call.
  expect(await box.call.done).toBe(0);
  box.rtp.close();
  expect(vmEvents("authentication").slice(-3).map((e) => e["VM-Auth-Result"])).toEqual(["fail", "fail", "fail"]);
  expect(played(PROMPT_TONES.error) - before.errors).toBe(4);
  expect(played(PROMPT_TONES.goodbye)).toBeGreaterThan(0);
  capture("event_json_vm_maintenance_authentication_fail", "authentication", "fail");
}, 90_000);

test("a box with no greeting takes a message with the served prompts, and 1001 hears it from the phone after a pip for it", async () => {
  // 1001 has no phone registered: 1002's call goes straight to the box (USER_NOT_REGISTERED), which has no uploaded greeting.
  const call = await runSipp({
    scenario: "call-talks.xml",
    target: tier.internal,
    auth: { user: "1002", password: CALLER_PASSWORD },
    keys: { user: "1002", name: "1002", domain: DOMAIN, dest: "1001", talk_ms: "8000" },
    timeoutSeconds: 60,
  });
  expect(call.finalStatus("INVITE")).toBe(200);
  type Message = { uuid: string; seconds: number };
  let messages: Message[] = [];
  await until("the message in 1001's box", async () => {
    messages = (await tier.cb.api<{ items: Message[] }>("GET", "/extensions/1001/voicemail/messages")).body.items;
    return messages.length === 1;
  }, 20_000);
  expect(messages[0]!.seconds).toBeGreaterThanOrEqual(3);
  const asked = requests.filter((r) => r.includes("section=languages")).map((r) => r.match(/&macro_name=(\w+)/)?.[1]);
  expect(asked).toContain("voicemail_play_greeting");
  expect(asked).toContain("voicemail_record_message");

  const before = { prompts: played(PROMPT_TONES.prompt), auth: vmEvents("authentication").length };
  const box = await dialOwnBox();
  await promptAfter(before.prompts, "the PIN prompt");
  await box.rtp.key(`${PIN}#`);
  // One new message: one pip.
  await until("a pip for the new message", () => played("tone_stream://L=1;%(80,120,1000)") > 0, 15_000);
  // A new message plays at once after the count (mod_voicemail's auto-play of new messages), before the menu.
  // (The file is named after the recording's channel, not the message's uuid in vm_list.)
  const file = `${tier.cb.config.voicemail.messages}/pbx.test/1001/msg_`;
  await until("the message played to 1001", () => watch.log().some((l) => l.includes(`done playing file ${file}`)), 20_000);
  await box.hangUp();
  // An empty box again, so the next test's menus come in the order an empty box gives them.
  expect((await tier.cb.api("DELETE", `/extensions/1001/voicemail/messages/${messages[0]!.uuid}`)).status).toBe(204);
}, 120_000);

test("a PIN changed from the phone: a weak one is refused, a good one becomes callboard's vm-a1-hash and mod_voicemail keeps no copy", async () => {
  const db = tier.cb.system.deps.db;
  const before = { prompts: played(PROMPT_TONES.prompt), changes: vmEvents("change-password").length, errors: played(PROMPT_TONES.error) };
  const box = await dialOwnBox();
  await promptAfter(before.prompts, "the PIN prompt");
  await box.rtp.key(`${PIN}#`);
  await promptAfter(before.prompts + 1, "the main menu");
  await box.rtp.key("5");
  await promptAfter(before.prompts + 2, "the settings menu");
  await box.rtp.key("6");
  await promptAfter(before.prompts + 3, "the new PIN prompt");
  // A run of digits: callboard's directory answer refuses it (result success=false), nothing is stored.
  await box.rtp.key("1234#");
  await until("voicemail_change_pass_fail", () => played(PROMPT_TONES.error) > before.errors, 15_000);
  expect(vmEvents("change-password").length).toBe(before.changes);
  expect(getVoicemailBox(db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, PIN));
  await promptAfter(before.prompts + 4, "the new PIN prompt again");
  await box.rtp.key(`${NEW_PIN}#`);
  await until("vm::maintenance change-password", () => vmEvents("change-password").length > before.changes, 15_000);
  expect(vmEvents("change-password").at(-1)).toMatchObject({ "VM-User": "1001", "VM-Domain": DOMAIN });
  await until("callboard stored the new PIN's hash", () => getVoicemailBox(db, "1001").pinHash === voicemailPinHash("1001", DOMAIN, NEW_PIN), 10_000);
  capture("event_json_vm_maintenance_change_password", "change-password");
  const entry = listAudit(db, { limit: 1, offset: 0 }).rows[0]!;
  expect(entry).toMatchObject({ actor: "phone 1001", action: "voicemail menu: change PIN", summary: "changed extension 1001: voicemailPin" });
  expect(entry.changes).not.toContain(NEW_PIN);
  // mod_voicemail's own copy is blanked: only the directory's hash opens the box.
  // vm_prefs <box>|password prints voicemail_prefs.password; nothing at all comes back as mod_event_socket's "-ERR no reply".
  await until("mod_voicemail's plaintext PIN blanked", async () => (await watch.api("vm_prefs default/1001@pbx.test|password")) === "-ERR no reply\n", 10_000);
  expect(played(PROMPT_TONES.ok)).toBeGreaterThan(0);
  await box.hangUp();

  const fails = vmEvents("authentication").filter((e) => e["VM-Auth-Result"] === "fail").length;
  for (const [pin, result] of [[PIN, "fail"], [NEW_PIN, "success"]] as const) {
    const from = { prompts: played(PROMPT_TONES.prompt), auth: vmEvents("authentication").length };
    const again = await dialOwnBox();
    await promptAfter(from.prompts, "the PIN prompt");
    await again.rtp.key(`${pin}#`);
    await until(`the ${result} of ${pin === PIN ? "the old" : "the new"} PIN`, () => vmEvents("authentication").length > from.auth, 15_000);
    expect(vmEvents("authentication").at(-1)!["VM-Auth-Result"]).toBe(result);
    await again.hangUp();
  }
  expect(vmEvents("authentication").filter((e) => e["VM-Auth-Result"] === "fail").length).toBe(fails + 1);
}, 120_000);

test("a PIN typed while callboard was not listening is found in mod_voicemail's table when callboard connects, taken in and blanked", async () => {
  const AWAY_PIN = "864209";
  await tier.stopCallboard();
  // What mod_voicemail writes when the phone's change goes through unheard (the same SQL as its change-password path).
  expect(await watch.api(`vm_fsdb_pref_password_set default pbx.test 1001 ${AWAY_PIN}`)).toBe("-OK\n");
  expect(await watch.api("vm_prefs default/1001@pbx.test|password")).toBe(AWAY_PIN);
  await tier.startCallboardAgain();
  const db = tier.cb.system.deps.db;
  await until("callboard took the PIN it found", () => getVoicemailBox(db, "1001").pinHash === voicemailPinHash("1001", DOMAIN, AWAY_PIN), 15_000);
  await until("mod_voicemail's copy blanked", async () => (await watch.api("vm_prefs default/1001@pbx.test|password")) === "-ERR no reply\n", 10_000);
  expect(listAudit(db, { limit: 1, offset: 0 }).rows[0]).toMatchObject({ actor: "phone (while callboard was away)", action: "voicemail menu: change PIN" });

  const from = { prompts: played(PROMPT_TONES.prompt), auth: vmEvents("authentication").length };
  const box = await dialOwnBox();
  await promptAfter(from.prompts, "the PIN prompt");
  await box.rtp.key(`${AWAY_PIN}#`);
  await until("the login", () => vmEvents("authentication").length > from.auth, 15_000);
  expect(vmEvents("authentication").at(-1)!["VM-Auth-Result"]).toBe("success");
  await box.hangUp();
}, 120_000);
