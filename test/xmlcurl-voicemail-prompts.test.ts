/**
 * Voicemail from the phone in callboard's answers to the bodies a real
 * FreeSWITCH 1.10.12 sent (test/freeswitch/voicemail-pin.test.ts, domain
 * pbx.test): the `languages` lookup for mod_voicemail's PIN prompt, and the
 * directory lookup mod_voicemail makes before it takes a PIN typed on the
 * phone (here 1234, which callboard refuses).
 */
import { expect, test } from "bun:test";
import { testApp, testConfig } from "./support/deps.ts";
import { editBody, fixtureBody, postXml } from "./support/xmlcurl-bodies.ts";
import { toneWav } from "./freeswitch/support/rtp-peer.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

async function setup() {
  const sounds = mkdtempSync(join(tmpdir(), "callboard-prompts-"));
  const t = testApp({ config: testConfig({ CALLBOARD_DOMAIN: "pbx.test", CALLBOARD_SOUNDS_DIR: sounds }) });
  expect((await t.call("POST", "/api/v1/extensions", { number: "1001", name: "Dilnoza" })).status).toBe(201);
  expect((await t.call("PUT", "/api/v1/extensions/1001/voicemail", { enabled: true, pin: "480215" })).status).toBe(200);
  const ask = async (body: string) => (await postXml(t.app, body)).text();
  return { ...t, ask, sounds };
}

test("the languages lookup for voicemail_enter_pass is answered with that one macro: a tone, then the uploaded vm-enter-pass", async () => {
  const t = await setup();
  const body = fixtureBody("languages-voicemail_enter_pass");
  expect(body).toContain("&macro_name=voicemail_enter_pass&lang=en&data=%23&");
  expect(await t.ask(body)).toBe(
    '<document type="freeswitch/xml"><section name="languages"><language name="en"><phrases><macros>' +
      '<macro name="voicemail_enter_pass"><input pattern=".*" break_on_match="true"><match>' +
      '<action function="play-file" data="tone_stream://%(250,0,660)"/></match></input></macro>' +
      "</macros></phrases></language></section></document>",
  );
  const upload = await t.app.request("/api/v1/sounds/vm-enter-pass", {
    method: "POST",
    headers: { authorization: `Bearer ${t.admin}`, "content-type": "audio/wav" },
    body: toneWav(440, 1).wav,
  });
  expect(upload.status).toBe(201);
  expect(await t.ask(body)).toContain(`<action function="play-file" data="${t.sounds}/vm-enter-pass.wav"/>`);
  expect(await t.ask(editBody(body, { macro_name: "ivr_welcome" }))).toContain('<result status="not found"/>');
});

test("a weak PIN typed on the phone gets the box's user with result success=false; a good one the user as always", async () => {
  const t = await setup();
  const body = fixtureBody("directory-voicemail-change-password-refused");
  expect(body).toContain("&VM-Action=change-password&VM-User-Password=1234&VM-User=1001&VM-Domain=pbx.test&");
  expect(await t.ask(body)).toBe(
    '<document type="freeswitch/xml"><section name="directory"><domain name="pbx.test"><user id="1001"><result success="false"/></user></domain></section></document>',
  );
  const good = await t.ask(editBody(body, { "VM-User-Password": "739164" }));
  expect(good).toContain('<user id="1001"');
  expect(good).not.toContain("<result");
  expect(good).not.toContain("739164");
});
