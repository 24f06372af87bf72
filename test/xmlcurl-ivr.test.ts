/**
 * IVR menus over xml_curl: ivr.conf answered for the body a real FreeSWITCH
 * 1.10.12 sent when its ivr application opened menu `main` (captured in
 * test/fixtures/freeswitch/http/, Menu-Name among the channel's variables),
 * a DID's call answered by a menu, and a key transferred back into context
 * `ivr` routed to the option's destination, never a gateway.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testApp, testConfig } from "./support/deps.ts";
import { editBody } from "./support/xmlcurl-bodies.ts";

const raw = readFileSync(join(import.meta.dir, "fixtures/freeswitch/http/xml_curl-post-configuration-ivr.conf.raw"), "utf8");
const IVR_CONF_BODY = raw.slice(raw.indexOf("\r\n\r\n") + 4);
const dialplanBody = readFileSync(join(import.meta.dir, "fixtures/freeswitch/http/xml_curl-post-dialplan-default.raw"), "utf8").split("\r\n\r\n")[1]!;
const SOUNDS = "/var/lib/callboard/sounds";

async function pbx() {
  const t = testApp({ config: testConfig({ CALLBOARD_SOUNDS_DIR: SOUNDS, CALLBOARD_DOMAIN: "pbx.test" }) });
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Night"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  expect((await t.call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001", "1002"] })).status).toBe(201);
  t.deps.db.$client.run("INSERT INTO sounds (name, sample_rate, duration_ms, size_bytes) VALUES ('welcome', 8000, 1000, 16044)");
  const post = (path: string, body: string) =>
    t.app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }, { requestIP: () => ({ address: "127.0.0.1" }) } as never);
  return { ...t, xml: async (body: string) => (await post("/freeswitch/xml", body)).text() };
}

const main = {
  name: "main",
  greeting: "welcome",
  invalidSound: "en/us/callie/ivr/8000/ivr-that_was_an_invalid_entry.wav",
  options: [
    { digits: "1", destination: { type: "extension", target: "1003" } },
    { digits: "2", destination: { type: "ring_group", target: "sales" } },
    { digits: "10", destination: { type: "hangup", target: "NORMAL_CLEARING" } },
  ],
  directDial: true,
  timeoutSeconds: 4,
  maxFailures: 2,
  fallback: { type: "extension", target: "1003" },
};

describe("ivr.conf for the request FreeSWITCH sends", () => {
  test("the captured request for menu main gets that one menu: sounds, limits, the fallback and every key transferred back to context ivr", async () => {
    const { call, xml } = await pbx();
    expect((await call("POST", "/api/v1/ivr-menus", main)).status).toBe(201);
    expect(await xml(IVR_CONF_BODY)).toBe(
      '<document type="freeswitch/xml"><section name="configuration"><configuration name="ivr.conf" description="IVR menus from callboard"><menus>' +
        '<menu name="main" greet-long="/var/lib/callboard/sounds/welcome.wav" greet-short="/var/lib/callboard/sounds/welcome.wav" ' +
        'invalid-sound="${sounds_dir}/en/us/callie/ivr/8000/ivr-that_was_an_invalid_entry.wav" timeout="4000" inter-digit-timeout="2000" ' +
        'max-failures="2" max-timeouts="2" exec-on-max-failures="transfer main/fallback XML ivr" exec-on-max-timeouts="transfer main/fallback XML ivr" digit-len="6">' +
        '<entry action="menu-exec-app" digits="1" param="transfer main/1 XML ivr"/>' +
        '<entry action="menu-exec-app" digits="10" param="transfer main/10 XML ivr"/>' +
        '<entry action="menu-exec-app" digits="2" param="transfer main/2 XML ivr"/>' +
        '<entry action="menu-exec-app" digits="/^(?!(?:10)$)(\\d{2,6})$/" param="transfer main/$1 XML ivr"/>' +
        "</menu></menus></configuration></section></document>",
    );
  });

  test("a menu that is missing or disabled is not found: FreeSWITCH has no static ivr.conf to fall back to", async () => {
    const { call, xml } = await pbx();
    expect(await xml(IVR_CONF_BODY)).toContain('<result status="not found"/>');
    expect((await call("POST", "/api/v1/ivr-menus", { ...main, enabled: false })).status).toBe(201);
    expect(await xml(IVR_CONF_BODY)).toContain('<result status="not found"/>');
    expect(await xml(editBody(IVR_CONF_BODY, { "Menu-Name": "sales" }))).toContain('<result status="not found"/>');
  });
});

describe("the dialplan around a menu", () => {
  const publicCall = (destination: string) =>
    editBody(dialplanBody, { "Caller-Context": "public", "Caller-Destination-Number": destination, "Hunt-Context": "public", "Hunt-Destination-Number": destination });
  const ivrKey = (destination: string) =>
    editBody(dialplanBody, { "Caller-Context": "ivr", "Caller-Destination-Number": destination, "Hunt-Context": "ivr", "Hunt-Destination-Number": destination });

  test("a DID pointing at a menu answers the call and runs it", async () => {
    const { call, xml } = await pbx();
    await call("POST", "/api/v1/ivr-menus", main);
    expect((await call("POST", "/api/v1/dids", { number: "998785553310", destination: { type: "ivr", target: "main" } })).status).toBe(201);
    const answer = await xml(publicCall("998785553310"));
    expect(answer).toContain('<extension name="ivr_main">');
    expect(answer).toMatch(/<action application="answer"\/><action application="sleep" data="250"\/><action application="ivr" data="main"\/><action application="hangup" data="NORMAL_CLEARING"\/>/);
  });

  test("a key is routed by the menu as stored: an option, direct dial of an enabled extension, the fallback; anything else is refused", async () => {
    const { call, xml } = await pbx();
    await call("POST", "/api/v1/ivr-menus", main);
    expect(await xml(ivrKey("main/2"))).toMatch(/<extension name="group_sales">[^]*sofia\/internal\/1001%pbx\.test/);
    expect(await xml(ivrKey("main/1"))).toContain('data="{leg_timeout=30}user/1003@pbx.test"');
    expect(await xml(ivrKey("main/1002"))).toContain('data="{leg_timeout=30}user/1002@pbx.test"');
    expect(await xml(ivrKey("main/fallback"))).toContain("user/1003@pbx.test");
    expect(await xml(ivrKey("main/10"))).toContain('<action application="hangup" data="NORMAL_CLEARING"/>');
    expect(await xml(ivrKey("main/4040"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
    expect(await xml(ivrKey("998901112233"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
    await call("PATCH", "/api/v1/ivr-menus/main", { directDial: false });
    expect(await xml(ivrKey("main/1002"))).toContain('<action application="hangup" data="UNALLOCATED_NUMBER"/>');
  });

  test("a key in context ivr never reaches a gateway, whatever number it carries", async () => {
    const { call, xml } = await pbx();
    await call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "998785553300", password: "Provider-Pass-2026" });
    await call("POST", "/api/v1/outbound-routes", { name: "all", pattern: "^(\\d+)$", gateway: "belluz", requiredClass: "internal" });
    await call("POST", "/api/v1/ivr-menus", main);
    for (const key of ["main/998901112233", "main/99", "998901112233"]) expect(await xml(ivrKey(key))).not.toContain("sofia/gateway");
  });
});
