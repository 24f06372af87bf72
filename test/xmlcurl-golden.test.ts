/**
 * Golden answers to the bodies a real FreeSWITCH 1.10 POSTed (test/fixtures/
 * freeswitch/xmlcurl-requests), edited only in user, number and domain fields.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { extensions, gateways, outboundRoutes } from "../src/db/schema.ts";
import { eq } from "drizzle-orm";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { BELLUZ_PASSWORD, NOT_FOUND, PASSWORDS, XMLCURL_DIR, a1, editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const D = TEST_DOMAIN;
const CALL_UUID = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";

function setup() {
  const t = testApp({ now: () => new Date(2026, 10, 22, 10, 45).getTime() });
  seedPbx(t.deps);
  const ask = async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    return res.text();
  };
  return { ...t, ask };
}

const register1001 = () => editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: D, domain: D, sip_auth_realm: D });

const user1001 =
  `<document type="freeswitch/xml"><section name="directory"><domain name="${D}"><groups><group name="default"><users>` +
  `<user id="1001" cacheable="1800000"><params><param name="a1-hash" value="${a1("1001", PASSWORDS["1001"])}"/>` +
  `<param name="allow-empty-password" value="false"/>` +
  `<param name="dial-string" value="{sip_invite_domain=${D},presence_id=1001@${D}}sofia/internal/1001%${D}"/>` +
  `<param name="max-registrations-per-extension" value="3"/><param name="vm-enabled" value="false"/></params>` +
  `<variables><variable name="user_context" value="default"/><variable name="effective_caller_id_name" value="Operator 1"/>` +
  `<variable name="effective_caller_id_number" value="1001"/><variable name="callboard_outbound_class" value="national"/>` +
  `<variable name="callboard_record" value="false"/></variables></user></users></group></groups></domain></section></document>`;

describe("directory", () => {
  test("REGISTER of 1001 gets its entry with md5(1001:domain:password) as a1-hash and no password", async () => {
    const { ask } = setup();
    const xml = await ask(register1001());
    expect(xml).toBe(user1001);
    expect(xml).not.toContain('name="password"');
  });

  test("the INVITE digest lookup and a REGISTER with a wrong password get the same entry (FreeSWITCH compares the digest)", async () => {
    const { ask } = setup();
    expect(await ask(editBody(fixtureBody("directory-sip_auth-INVITE-1001"), { key_value: D, domain: D, sip_auth_realm: D }))).toBe(user1001);
    const wrong = editBody(fixtureBody("directory-sip_auth-REGISTER-wrong-password-1001"), { key_value: D, domain: D, sip_auth_realm: D });
    expect(await ask(wrong)).toBe(user1001);
  });

  test("bridge user/1002 looks 1002 up and gets a dial string FreeSWITCH can use with api-expansion off", async () => {
    const { ask } = setup();
    const xml = await ask(editBody(fixtureBody("directory-user_call-1002"), { key_value: D, domain: D }));
    expect(xml).toContain(`<user id="1002" cacheable="1800000"><params><param name="a1-hash" value="${a1("1002", PASSWORDS["1002"])}"/>`);
    expect(xml).toContain(`value="{sip_invite_domain=${D},presence_id=1002@${D}}sofia/internal/1002%${D}"`);
    expect(xml).toContain('<variable name="effective_caller_id_name" value="Оператор Два"/>');
    expect(xml).not.toContain("${");
  });

  test("an unknown user, a disabled user and a foreign domain are not found", async () => {
    const { ask, deps } = setup();
    expect(await ask(editBody(register1001(), { user: "1009", sip_auth_username: "1009" }))).toBe(NOT_FOUND);
    expect(await ask(editBody(register1001(), { key_value: "evil.example", domain: "evil.example" }))).toBe(NOT_FOUND);
    deps.db.update(extensions).set({ enabled: false }).where(eq(extensions.number, "1001")).run();
    expect(await ask(register1001())).toBe(NOT_FOUND);
  });

  test("an a1-hash made for another realm is not handed out (the domain changed: reset the password)", async () => {
    const { ask, deps } = setup();
    deps.db.update(extensions).set({ realm: "old.example.uz" }).where(eq(extensions.number, "1001")).run();
    expect(await ask(register1001())).toBe(NOT_FOUND);
  });

  test("a REGISTER or INVITE digest lookup from profile external is not found: extensions authenticate on internal only", async () => {
    const { ask } = setup();
    expect(await ask(editBody(register1001(), { sip_profile: "external" }))).toBe(NOT_FOUND);
    const invite = editBody(fixtureBody("directory-sip_auth-INVITE-1001"), { key_value: D, domain: D, sip_auth_realm: D, sip_profile: "external" });
    expect(await ask(invite)).toBe(NOT_FOUND);
  });

  test("purpose=gateways and purpose=network-list get the domain with no users in it", async () => {
    const { ask } = setup();
    const empty = `<document type="freeswitch/xml"><section name="directory"><domain name="${D}"><groups><group name="default"><users/></group></groups></domain></section></document>`;
    expect(await ask(editBody(fixtureBody("directory-purpose-gateways-external"), { key_value: D }))).toBe(empty);
    expect(await ask(editBody(fixtureBody("directory-purpose-network-list"), { key_value: D, domain: D }))).toBe(empty);
  });
});

const dialplan = (context: string, extension: string, condition: string, actions: [string, string?][]) =>
  `<document type="freeswitch/xml"><section name="dialplan"><context name="${context}"><extension name="${extension}">` +
  `<condition${condition}>` +
  actions.map(([app, data]) => (data === undefined ? `<action application="${app}"/>` : `<action application="${app}" data="${data}"/>`)).join("") +
  `</condition></extension></context></section></document>`;

/** The captured DID call's leg, as `uuid_transfer <uuid> <number> XML transfer` sends it back to the dialplan. */
const DID_CALL_UUID = "a273eb47-17bf-4eef-bafc-05d11c6ffead";
const transferredTo = (number: string) =>
  editBody(fixtureBody("dialplan-public-inbound-did-998785553322"), {
    "Caller-Context": "transfer",
    "Hunt-Context": "transfer",
    "Caller-Destination-Number": number,
    "Hunt-Destination-Number": number,
    variable_sip_req_user: number,
    variable_sip_to_user: number,
  });

describe("dialplan", () => {
  test("1002 calling 1001 is bridged to user/1001 with a ring timeout; both legs name 1002 as the directory does", async () => {
    const { ask } = setup();
    const body = editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
      variable_user_name: "1002",
      variable_sip_auth_username: "1002",
      variable_sip_from_user: "1002",
      "Caller-Destination-Number": "1001",
      "Hunt-Destination-Number": "1001",
      variable_sip_req_user: "1001",
      variable_sip_to_user: "1001",
      variable_domain_name: D,
    });
    expect(await ask(body)).toBe(
      dialplan("default", "to_1001", ' field="destination_number" expression="^1001$"', [
        ["set_profile_var", "caller_id_name=Оператор Два"],
        ["set_profile_var", "caller_id_number=1002"],
        ["set", "effective_caller_id_name=Оператор Два"],
        ["set", "effective_caller_id_number=1002"],
        ["set", "call_timeout=30"],
        ["set", "hangup_after_bridge=true"],
        ["bridge", `{leg_timeout=30}user/1001@${D}`],
        ["hangup", "NO_ANSWER"],
      ]),
    );
  });

  test("998901234567 from 1001 goes out through sofia/gateway/belluz/ with the route's caller id", async () => {
    const { ask } = setup();
    expect(await ask(fixtureBody("dialplan-default-outbound-998901234567"))).toBe(
      dialplan("default", "out_uz-mobile", ' field="destination_number" expression="^998901234567$"', [
        ["set_profile_var", "caller_id_name=Operator 1"],
        ["set_profile_var", "caller_id_number=1001"],
        ["set", "effective_caller_id_name=Operator 1"],
        ["set", "effective_caller_id_number=998785553322"],
        ["set", "hangup_after_bridge=true"],
        ["bridge", "sofia/gateway/belluz/998901234567"],
        ["hangup", "NO_ANSWER"],
      ]),
    );
  });

  test("a route's caller id name set over the API replaces the operator's name towards the provider, not on the operator's leg", async () => {
    const { ask, call } = setup();
    const res = await call("PATCH", "/api/v1/outbound-routes/uz-mobile", { callerIdName: "Bell Savdo LLC" });
    expect(res.status).toBe(200);
    expect(await ask(fixtureBody("dialplan-default-outbound-998901234567"))).toBe(
      dialplan("default", "out_uz-mobile", ' field="destination_number" expression="^998901234567$"', [
        ["set_profile_var", "caller_id_name=Operator 1"],
        ["set_profile_var", "caller_id_number=1001"],
        ["set", "effective_caller_id_name=Bell Savdo LLC"],
        ["set", "effective_caller_id_number=998785553322"],
        ["set", "hangup_after_bridge=true"],
        ["bridge", "sofia/gateway/belluz/998901234567"],
        ["hangup", "NO_ANSWER"],
      ]),
    );
  });

  test("with no company number on the route, the extension or the provider account, the call is refused, not sent out as 1001", async () => {
    const { ask, deps } = setup();
    deps.db.update(outboundRoutes).set({ callerIdNumber: null }).run();
    expect(await ask(fixtureBody("dialplan-default-outbound-998901234567"))).toContain('data="effective_caller_id_number=998785553322"');
    deps.db.update(gateways).set({ username: "belluz" }).run();
    expect(await ask(fixtureBody("dialplan-default-outbound-998901234567"))).toBe(
      dialplan("default", "reject_normal_temporary_failure", ' field="destination_number" expression="^998901234567$"', [
        ["set_profile_var", "caller_id_name=Operator 1"],
        ["set_profile_var", "caller_id_number=1001"],
        ["hangup", "NORMAL_TEMPORARY_FAILURE"],
      ]),
    );
  });

  test("an answered click-to-call leg is named after its agent, not FreeSWITCH's 'Outbound Call' <1001%domain>", async () => {
    const { ask } = setup();
    const clickToCall = `${editBody(fixtureBody("dialplan-default-outbound-998901234567"), {
      "Call-Direction": "outbound",
      variable_sip_authorized: "false",
      "Caller-Caller-ID-Name": "Outbound Call",
      "Caller-Caller-ID-Number": `1001%${D}`,
    })}&variable_callboard_caller=1001`;
    const xml = await ask(clickToCall);
    expect(xml).toContain(
      '<action application="set_profile_var" data="caller_id_name=Operator 1"/><action application="set_profile_var" data="caller_id_number=1001"/>' +
        '<action application="set" data="effective_caller_id_name=Operator 1"/><action application="set" data="effective_caller_id_number=998785553322"/>',
    );
    expect(xml).toContain('data="sofia/gateway/belluz/998901234567"');
  });

  test("the provider's call to DID 998785553322 in public rings 1001", async () => {
    const { ask } = setup();
    expect(await ask(fixtureBody("dialplan-public-inbound-did-998785553322"))).toBe(
      dialplan("public", "to_1001", ' field="destination_number" expression="^998785553322$"', [
        ["set", "call_timeout=30"],
        ["set", "hangup_after_bridge=true"],
        ["bridge", `{leg_timeout=30}user/1001@${D}`],
        ["hangup", "NO_ANSWER"],
      ]),
    );
  });

  test("the caller is who FreeSWITCH authenticated, not the caller-id number the phone sent", async () => {
    const { ask } = setup();
    const spoofed = editBody(fixtureBody("dialplan-default-cyrillic-caller-to-1002"), {
      "Caller-Caller-ID-Number": "1002",
      "Caller-Username": "1002",
      variable_sip_from_user: "1002",
      "Caller-Destination-Number": "998901234567",
      "Hunt-Destination-Number": "998901234567",
    });
    // 1002 may not call out (class internal); 1001 may, and 1001 is who authenticated.
    expect(await ask(spoofed)).toContain('data="sofia/gateway/belluz/998901234567"');
    const unauthenticated = editBody(spoofed, { variable_sip_authorized: "false" });
    expect(await ask(unauthenticated)).toContain('<action application="hangup" data="CALL_REJECTED"/>');
  });

  test("an internal-class extension dialling out is barred with a cause", async () => {
    const { ask } = setup();
    const body = editBody(fixtureBody("dialplan-default-outbound-998901234567"), { variable_user_name: "1002" });
    expect(await ask(body)).toBe(
      dialplan("default", "reject_outgoing_call_barred", ' field="destination_number" expression="^998901234567$"', [
        ["set_profile_var", "caller_id_name=Оператор Два"],
        ["set_profile_var", "caller_id_number=1002"],
        ["hangup", "OUTGOING_CALL_BARRED"],
      ]),
    );
  });

  test("a number nobody has is unallocated", async () => {
    const { ask } = setup();
    expect(await ask(fixtureBody("dialplan-sofia-inbound-to-9999"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
  });

  test("a loopback B leg has no authenticated caller and is rejected; an unknown context gets NO_ROUTE_DESTINATION", async () => {
    const { ask } = setup();
    expect(await ask(fixtureBody("dialplan-loopback-b-leg-to-9999"))).toBe(
      dialplan("default", "reject_call_rejected", ' field="destination_number" expression="^9999$"', [["hangup", "CALL_REJECTED"]]),
    );
    expect(await ask(fixtureBody("dialplan-loopback-b-leg-unknown-context"))).toBe(
      dialplan("nonexistent_context", "reject_no_route_destination", "", [["hangup", "NO_ROUTE_DESTINATION"]]),
    );
  });

  test("a provider's leg transferred by callboard into context transfer rings 1002 (no authenticated caller needed)", async () => {
    const { ask } = setup();
    expect(await ask(transferredTo("1002"))).toBe(
      dialplan("transfer", "to_1002", ' field="destination_number" expression="^1002$"', [
        ["set", "call_timeout=30"],
        ["set", "hangup_after_bridge=true"],
        ["bridge", `{leg_timeout=30}user/1002@${D}`],
        ["hangup", "NO_ANSWER"],
      ]),
    );
  });

  test("a transferred leg never reaches a gateway: a mobile number in context transfer is unallocated", async () => {
    const { ask } = setup();
    for (const number of ["998901234567", "+998901234567", "998785553322"]) {
      const xml = await ask(transferredTo(number));
      expect(xml).not.toContain("sofia/gateway");
      expect(xml).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
    }
  });

  test("a transfer to a recorded extension is recorded; to a disabled one it is unallocated", async () => {
    const { ask, deps } = setup();
    deps.db.update(extensions).set({ record: true }).where(eq(extensions.number, "1002")).run();
    expect(await ask(transferredTo("1002"))).toContain(`<action application="record_session" data="${deps.config.recordingsDir}/2026/11/22/104500.000-${DID_CALL_UUID}.wav"/>`);
    deps.db.update(extensions).set({ enabled: false }).where(eq(extensions.number, "1002")).run();
    expect(await ask(transferredTo("1002"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
  });

  test("a call to a recorded extension records to a dated path named by time and channel uuid", async () => {
    const { ask, deps } = setup();
    deps.db.update(extensions).set({ record: true }).where(eq(extensions.number, "1002")).run();
    const xml = await ask(fixtureBody("dialplan-default-cyrillic-caller-to-1002"));
    const path = `${deps.config.recordingsDir}/2026/11/22/104500.000-${CALL_UUID}.wav`;
    expect(xml).toContain(
      `<action application="set" data="RECORD_STEREO=true"/><action application="set" data="media_bug_answer_req=true"/>` +
        `<action application="record_session" data="${path}"/><action application="bridge" data="{leg_timeout=30}user/1002@${D}"/>`,
    );
  });
});

describe("configuration", () => {
  test("sofia.conf holds profile internal, profile external and gateway belluz with its decrypted password", async () => {
    const { ask } = setup();
    const xml = await ask(fixtureBody("configuration-sofia.conf-config_sofia"));
    expect(xml).toStartWith(
      '<document type="freeswitch/xml"><section name="configuration"><configuration name="sofia.conf" description="callboard">',
    );
    expect(xml).toContain('<profile name="internal"><settings>');
    expect(xml).toContain('<param name="sip-port" value="5060"/>');
    expect(xml).toContain(`<param name="force-register-domain" value="${D}"/>`);
    expect(xml).toContain(`<param name="challenge-realm" value="${D}"/>`);
    expect(xml).toContain(
      '<profile name="external"><gateways><gateway name="belluz"><param name="username" value="998785553322"/>' +
        `<param name="password" value="${BELLUZ_PASSWORD}"/><param name="realm" value="bell.uz"/>` +
        '<param name="proxy" value="bell.uz:5060"/><param name="register-proxy" value="bell.uz:5060"/>' +
        '<param name="register" value="true"/><param name="register-transport" value="udp"/>' +
        '<param name="expire-seconds" value="600"/><param name="retry-seconds" value="30"/>' +
        '<param name="caller-id-in-from" value="false"/><param name="context" value="public"/></gateway></gateways>',
    );
    expect(xml).toContain('<param name="sip-port" value="5080"/><param name="auth-calls" value="false"/><param name="disable-register" value="true"/>');
    expect(xml.match(/name="disable-register"/g)).toHaveLength(1);
    // Unset bind addresses are FreeSWITCH's to guess, not callboard's.
    expect(xml).not.toMatch(/name="(sip|rtp)-ip"/);
  });

  test("a profile start gets only that profile; startgw gets only that gateway", async () => {
    const { ask } = setup();
    const internal = await ask(fixtureBody("configuration-sofia.conf-profile-internal"));
    expect(internal).toContain('<profile name="internal">');
    expect(internal).not.toContain('<profile name="external">');
    const external = await ask(fixtureBody("configuration-sofia.conf-profile-external"));
    expect(external).not.toContain('<profile name="internal">');
    expect(external).toContain('<gateway name="belluz">');
    const other = await ask(`${fixtureBody("configuration-sofia.conf-profile-external")}&gateway=other`);
    expect(other).toContain("<gateways/>");
  });

  test("with CALLBOARD_PUBLIC_IP set both profiles advertise it for SIP and RTP", async () => {
    const { testConfig } = await import("./support/deps.ts");
    const t = testApp({ config: testConfig({ CALLBOARD_PUBLIC_IP: "203.0.113.10" }) });
    const xml = await (await postXml(t.app, fixtureBody("configuration-sofia.conf-config_sofia"))).text();
    expect(xml.match(/<param name="ext-sip-ip" value="203\.0\.113\.10"\/><param name="ext-rtp-ip" value="203\.0\.113\.10"\/>/g)).toHaveLength(2);
  });

  test("with CALLBOARD_SIP_IP=127.0.0.1 and own ports both profiles bind loopback for SIP and RTP, each on its port", async () => {
    const { testConfig } = await import("./support/deps.ts");
    const env = { CALLBOARD_SIP_IP: "127.0.0.1", CALLBOARD_INTERNAL_SIP_PORT: "35060", CALLBOARD_EXTERNAL_SIP_PORT: "35080" };
    const t = testApp({ config: testConfig(env) });
    const xml = await (await postXml(t.app, fixtureBody("configuration-sofia.conf-config_sofia"))).text();
    expect(xml).toContain(
      '<param name="dialplan" value="XML"/><param name="sip-ip" value="127.0.0.1"/><param name="rtp-ip" value="127.0.0.1"/>' +
        '<param name="sip-port" value="35060"/><param name="auth-calls" value="true"/>',
    );
    expect(xml).toContain(
      '<param name="dialplan" value="XML"/><param name="sip-ip" value="127.0.0.1"/><param name="rtp-ip" value="127.0.0.1"/>' +
        '<param name="sip-port" value="35080"/><param name="auth-calls" value="false"/>',
    );
  });

  test("every other configuration FreeSWITCH asked for gets the exact not-found document", async () => {
    const { ask } = setup();
    const served = ["sofia.conf", "callcenter.conf", "voicemail.conf"];
    const stems = readdirSync(XMLCURL_DIR)
      .filter((f) => f.startsWith("configuration-") && f.endsWith(".body") && !served.some((name) => f.includes(name)))
      .map((f) => f.replace(/\.body$/, ""));
    expect(stems.length).toBeGreaterThan(10);
    for (const stem of stems) expect(await ask(fixtureBody(stem))).toBe(NOT_FOUND);
  });
});
