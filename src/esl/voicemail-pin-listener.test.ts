import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { extensions } from "../db/schema.ts";
import { getVoicemailBox } from "../db/voicemail-boxes.ts";
import { voicemailPinHash } from "../pbx/voicemail.ts";
import { err, fakeEsl, ok } from "../../test/live-fake-esl.ts";
import { testApp, testConfig } from "../../test/support/deps.ts";
import { frameEvent } from "../../test/support/esl-transcript.ts";
import type { EslEvent } from "./port.ts";
import { startVoicemailPinListener } from "./voicemail-pin-listener.ts";

/** The frames FreeSWITCH 1.10.12 sent (test/freeswitch/voicemail-pin.test.ts): domain pbx.test, box 1001, new PIN 739164. */
const CHANGED = frameEvent("event_json_vm_maintenance_change_password");
const AUTH_OK = frameEvent("event_json_vm_maintenance_authentication_success");
const DOMAIN = "pbx.test";

async function box(enabled = true, answers: Parameters<typeof fakeEsl>[0] = {}) {
  const t = testApp({ config: testConfig({ CALLBOARD_DOMAIN: DOMAIN }) });
  expect((await t.call("POST", "/api/v1/extensions", { number: "1001", name: "Dilnoza" })).status).toBe(201);
  expect((await t.call("PUT", "/api/v1/extensions/1001/voicemail", { enabled, pin: "480215" })).status).toBe(200);
  const esl = fakeEsl(answers, "disconnected");
  const stop = startVoicemailPinListener({ db: t.deps.db, esl: esl.port, log: t.deps.log, domain: DOMAIN, now: () => Date.parse("2026-12-02T06:03:14Z") });
  const connect = async () => {
    esl.setStatus("connected");
    await settle();
  };
  return { ...t, esl, stop, connect };
}

const edited = (e: EslEvent, headers: Record<string, string>): EslEvent => ({ ...e, headers: { ...e.headers, ...headers } });
const settle = () => Bun.sleep(5);
/** mod_voicemail's answer to `vm_prefs …|password` for a copy it keeps, and for none (mod_event_socket's empty reply). */
const copyOf = (pin: string | undefined) => ({ "vm_prefs default/1001@pbx.test|password": pin === undefined ? err("no reply") : ok(pin) });

describe("a voicemail PIN changed from the phone (vm::maintenance change-password)", () => {
  test("the captured event decodes as the subclass callboard subscribes to, carrying the new PIN", () => {
    expect(CHANGED).toMatchObject({ name: "CUSTOM", subclass: "vm::maintenance" });
    expect(CHANGED.headers).toMatchObject({ "VM-Action": "change-password", "VM-User": "1001", "VM-Domain": DOMAIN, "VM-User-Password": "739164" });
  });

  test("callboard stores the new PIN's vm-a1-hash, audited as the phone, then FreeSWITCH forgets the user and blanks its own copy", async () => {
    const t = await box();
    t.esl.emit(CHANGED);
    await settle();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "739164"));
    const audit = (await (await t.call("GET", "/api/v1/audit")).json()) as { items: { actor: string }[] };
    expect(audit.items[0]).toMatchObject({ actor: "phone 1001", action: "voicemail menu: change PIN", summary: "changed extension 1001: voicemailPin" });
    expect(JSON.stringify(audit.items[0])).not.toContain("739164");
    expect(t.esl.sent.map((s) => s.command)).toEqual(["xml_flush_cache id 1001 pbx.test", "vm_fsdb_pref_password_set default pbx.test 1001 ''"]);
    t.stop();
  });

  test("a PIN callboard would refuse is not stored, and mod_voicemail's copy is blanked all the same", async () => {
    const t = await box();
    t.esl.emit(edited(CHANGED, { "VM-User-Password": "1234" }));
    await settle();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "480215"));
    expect(t.esl.sent.map((s) => s.command)).toEqual(["xml_flush_cache id 1001 pbx.test", "vm_fsdb_pref_password_set default pbx.test 1001 ''"]);
  });

  test("a box that is off keeps no PIN from the phone, and mod_voicemail's plaintext copy is blanked all the same", async () => {
    const t = await box(false);
    t.esl.emit(CHANGED);
    await settle();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "480215"));
    expect(t.esl.sent.map((s) => s.command)).toEqual(["xml_flush_cache id 1001 pbx.test", "vm_fsdb_pref_password_set default pbx.test 1001 ''"]);
  });

  test("logins, other domains and boxes that are not extension numbers change nothing", async () => {
    const t = await box();
    for (const e of [AUTH_OK, edited(CHANGED, { "VM-Domain": "other.example" }), edited(CHANGED, { "VM-User": "1001 x" })]) t.esl.emit(e);
    await settle();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "480215"));
    expect(t.esl.sent).toEqual([]);
  });

  test("a caller who reached the box from another phone is audited as knowing the box's PIN", async () => {
    const t = await box();
    t.esl.emit(edited(CHANGED, { variable_sip_authorized: "false", variable_user_name: "1002" }));
    await settle();
    const audit = (await (await t.call("GET", "/api/v1/audit")).json()) as { items: { actor: string }[] };
    expect(audit.items[0]?.actor).toBe("phone (box PIN)");
  });

  test("on connect, a PIN mod_voicemail kept from a phone callboard did not hear is taken in as the event would have been, then blanked", async () => {
    const t = await box(true, copyOf("246810"));
    await t.connect();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "246810"));
    const audit = (await (await t.call("GET", "/api/v1/audit")).json()) as { items: { actor: string; action: string }[] };
    expect(audit.items[0]).toMatchObject({ actor: "phone (while callboard was away)", action: "voicemail menu: change PIN" });
    expect(t.esl.sent.map((s) => s.command)).toEqual([
      "vm_prefs default/1001@pbx.test|password",
      "xml_flush_cache id 1001 pbx.test",
      "vm_fsdb_pref_password_set default pbx.test 1001 ''",
    ]);
  });

  test("on connect, an empty copy changes nothing, and a weak one is blanked without being stored", async () => {
    const empty = await box(true, copyOf(undefined));
    await empty.connect();
    expect(empty.esl.sent.map((s) => s.command)).toEqual(["vm_prefs default/1001@pbx.test|password"]);
    const weak = await box(true, copyOf("1111"));
    await weak.connect();
    expect(getVoicemailBox(weak.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "480215"));
    expect(weak.esl.sent.map((s) => s.command).at(-1)).toBe("vm_fsdb_pref_password_set default pbx.test 1001 ''");
  });

  test("on connect, a stored box number unsafe for a command is skipped with a warning, and the other boxes are still swept", async () => {
    const t = await box(true, { "vm_prefs default/1002@pbx.test|password": ok("246810") });
    expect((await t.call("POST", "/api/v1/extensions", { number: "1002", name: "Ayesha" })).status).toBe(201);
    expect((await t.call("PUT", "/api/v1/extensions/1002/voicemail", { enabled: true, pin: "480215" })).status).toBe(200);
    // A row written behind the API's back: the schema does not check numbers.
    t.deps.db.update(extensions).set({ number: "1001 x" }).where(eq(extensions.number, "1001")).run();
    await t.connect();
    expect(getVoicemailBox(t.deps.db, "1002").pinHash).toBe(voicemailPinHash("1002", DOMAIN, "246810"));
    expect(t.esl.sent.map((s) => s.command)).toEqual([
      "vm_prefs default/1002@pbx.test|password",
      "xml_flush_cache id 1002 pbx.test",
      "vm_fsdb_pref_password_set default pbx.test 1002 ''",
    ]);
  });

  test("on connect, a PIN set over REST while mod_voicemail's copy was being read is not overwritten by that copy", async () => {
    const answers: Parameters<typeof fakeEsl>[0] = {};
    const t = await box(true, answers);
    let rest: Response | Promise<Response> | undefined;
    answers["vm_prefs default/1001@pbx.test|password"] = async () => {
      rest = t.call("PUT", "/api/v1/extensions/1001/voicemail", { enabled: true, pin: "975310" });
      await rest;
      return ok("246810");
    };
    await t.connect();
    expect((await rest)?.status).toBe(200);
    await settle();
    expect(getVoicemailBox(t.deps.db, "1001").pinHash).toBe(voicemailPinHash("1001", DOMAIN, "975310"));
    const audit = (await (await t.call("GET", "/api/v1/audit")).json()) as { items: { actor: string }[] };
    expect(audit.items[0]?.actor).not.toBe("phone (while callboard was away)");
    expect(t.esl.sent.map((s) => s.command).at(-1)).toBe("vm_fsdb_pref_password_set default pbx.test 1001 ''");
  });
});
