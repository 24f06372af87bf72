/**
 * Voicemail in callboard's answers to the request bodies a real FreeSWITCH
 * sent: voicemail.conf for mod_voicemail, each box's PIN hash in the
 * directory, an unanswered call going on to the box, and the *97 / *98 codes.
 */
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { extensions } from "../src/db/schema.ts";
import { voicemailPinHash } from "../src/pbx/voicemail.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const D = TEST_DOMAIN;
const HASH = voicemailPinHash("1001", D, "480215");

function setup() {
  const t = testApp();
  seedPbx(t.deps);
  t.deps.db.update(extensions).set({ voicemailEnabled: true, voicemailPinHash: HASH, voicemailGreeting: "1001-abc.wav" }).where(eq(extensions.number, "1001")).run();
  const ask = async (body: string) => (await postXml(t.app, body)).text();
  return { ...t, ask };
}

const call = (from: string, to: string) =>
  editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
    variable_user_name: from,
    variable_sip_auth_username: from,
    "Caller-Destination-Number": to,
    "Hunt-Destination-Number": to,
    variable_domain_name: D,
  });

test("voicemail.conf: profile default keeps messages in callboard's voicemail dir and lets nobody in without a PIN", async () => {
  const { ask, deps } = setup();
  const xml = await ask(fixtureBody("configuration-voicemail.conf"));
  expect(xml).toBe(
    '<document type="freeswitch/xml"><section name="configuration"><configuration name="voicemail.conf" description="Voicemail, from callboard">' +
      '<settings/><profiles><profile name="default">' +
      `<param name="storage-dir" value="${deps.config.voicemail.messages}"/>` +
      '<param name="file-extension" value="wav"/><param name="allow-empty-password-auth" value="false"/>' +
      '<param name="db-password-override" value="false"/><param name="max-login-attempts" value="3"/>' +
      '<param name="min-record-len" value="3"/><param name="max-record-len" value="300"/>' +
      '<param name="record-silence-threshold" value="200"/><param name="record-silence-hits" value="4"/>' +
      '<param name="send-full-vm-header" value="false"/></profile></profiles></configuration></section></document>',
  );
});

test("the directory gives mod_voicemail the box's state and PIN hash, never a PIN; a box without PIN opens to nobody", async () => {
  const { ask, deps } = setup();
  const lookup = (user: string) => editBody(fixtureBody("directory-user_call-1002"), { user, key_value: D, domain: D });
  const with1001 = await ask(lookup("1001"));
  expect(with1001).toContain(`<param name="vm-enabled" value="true"/><param name="vm-a1-hash" value="${HASH}"/>`);
  expect(with1001).not.toContain("480215");
  expect(await ask(lookup("1002"))).toContain('<param name="vm-enabled" value="false"/></params>');
  deps.db.update(extensions).set({ voicemailPinHash: null }).where(eq(extensions.number, "1001")).run();
  expect(await ask(lookup("1001"))).toContain('<param name="vm-enabled" value="true"/><param name="vm-a1-hash" value="no-pin-set"/>');
});

test("a call to an extension with a box goes on to it when nobody answers or no phone is registered; busy stays busy", async () => {
  const { ask, deps } = setup();
  const xml = await ask(call("1002", "1001"));
  const actions = [...xml.matchAll(/<action application="([^"]+)"(?: data="([^"]*)")?\/>/g)].map((m) => [m[1], m[2]]);
  expect(actions.slice(-7)).toEqual([
    ["set", "continue_on_fail=NO_ANSWER,NO_USER_RESPONSE,USER_NOT_REGISTERED,SUBSCRIBER_ABSENT"],
    ["bridge", `{leg_timeout=30}user/1001@${D}`],
    ["answer", undefined],
    ["set", `voicemail_greeting_path=${deps.config.voicemail.greetings}/1001-abc.wav`],
    ["set", "skip_instructions=true"],
    ["voicemail", `default ${D} 1001`],
    ["hangup", "NORMAL_CLEARING"],
  ]);
  // 1002 has no box: unanswered is NO_ANSWER, as before.
  expect(await ask(call("1001", "1002"))).toContain(`<action application="bridge" data="{leg_timeout=30}user/1002@${D}"/><action application="hangup" data="NO_ANSWER"/>`);
});

test("*97 opens the caller's own box, *98 asks which; *97 without a box is refused", async () => {
  const { ask } = setup();
  expect(await ask(call("1001", "*97"))).toContain(`<action application="voicemail" data="check default ${D} 1001"/>`);
  expect(await ask(call("1002", "*98"))).toContain(`<action application="voicemail" data="check default ${D}"/>`);
  expect(await ask(call("1002", "*97"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
});
