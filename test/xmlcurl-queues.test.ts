/**
 * Golden answers for queues: callcenter.conf to the bodies a real FreeSWITCH
 * 1.10.12 POSTed (mod_callcenter loading, `callcenter_config agent reload`,
 * `callcenter_config queue load|reload` with CC-Queue), and the dialplan of a
 * provider's call to a DID pointing at a queue.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_DOMAIN as D, testApp, testConfig } from "./support/deps.ts";
import { fixtureBody, postXml } from "./support/xmlcurl-bodies.ts";

const HTTP = join(import.meta.dir, "fixtures/freeswitch/http");
const captured = (name: string) => readFileSync(join(HTTP, `xml_curl-post-configuration-callcenter-${name}.body`), "utf8");

async function setup(env: Record<string, string> = {}) {
  const t = testApp({ config: testConfig(env) });
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Malika"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  const api = async (method: string, path: string, body?: unknown) => expect((await t.call(method, `/api/v1${path}`, body)).status).toBeLessThan(300);
  await api("POST", "/agents", { extension: "1001", status: "Available" });
  await api("POST", "/agents", { extension: "1002" });
  await api("POST", "/queues", { name: "support", strategy: "top-down", maxWaitSeconds: 45, agents: [{ agent: "1001" }, { agent: "1002", position: 2 }], fallback: { type: "extension", target: "1003" } });
  const ask = async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, api, ask };
}

const CALLCENTER =
  '<document type="freeswitch/xml"><section name="configuration"><configuration name="callcenter.conf" description="callboard">' +
  '<settings><param name="truncate-agents-on-load" value="true"/><param name="truncate-tiers-on-load" value="true"/></settings>' +
  "<agents>" +
  `<agent name="1001" type="callback" contact="user/1001@${D}" status="Available" max-no-answer="3" wrap-up-time="10" reject-delay-time="10" busy-delay-time="10" no-answer-delay-time="10"/>` +
  `<agent name="1002" type="callback" contact="user/1002@${D}" status="Logged Out" max-no-answer="3" wrap-up-time="10" reject-delay-time="10" busy-delay-time="10" no-answer-delay-time="10"/>` +
  "</agents>" +
  '<queues><queue name="support">' +
  '<param name="strategy" value="top-down"/><param name="moh-sound" value="tone_stream://%(2000,4000,440,480);loops=-1"/>' +
  '<param name="time-base-score" value="system"/><param name="max-wait-time" value="45"/><param name="max-wait-time-with-no-agent" value="0"/>' +
  '<param name="max-wait-time-with-no-agent-time-reached" value="0"/><param name="tier-rules-apply" value="false"/>' +
  '<param name="discard-abandoned-after" value="60"/><param name="abandoned-resume-allowed" value="false"/>' +
  "</queue></queues>" +
  '<tiers><tier agent="1001" queue="support" level="1" position="1"/><tier agent="1002" queue="support" level="1" position="2"/></tiers>' +
  "</configuration></section></document>";

describe("callcenter.conf over xml_curl", () => {
  test("mod_callcenter loading, an agent reload and a queue load all get every queue, agent and tier from the database", async () => {
    const { ask } = await setup();
    for (const body of [captured("module-load"), captured("agent-reload"), captured("queue-load")]) expect(await ask(body)).toBe(CALLCENTER);
  });

  test("an agent's status change reaches the next load; a disabled queue is left out", async () => {
    const { ask, api } = await setup();
    await api("PUT", "/agents/1001/status", { status: "On Break" });
    await api("PATCH", "/queues/support", { enabled: false });
    const xml = await ask(captured("queue-load"));
    expect(xml).toContain('<agent name="1001" type="callback" contact="user/1001@call.example.uz" status="On Break"');
    expect(xml).not.toContain('<queue name="support">');
    expect(xml).not.toContain("<tier ");
  });
});

describe("a DID pointing at a queue", () => {
  test("answer, wait in the queue, then ring the fallback extension, then NO_ANSWER; never a gateway", async () => {
    const { ask, api } = await setup();
    await api("POST", "/dids", { number: "998785553322", destination: { type: "queue", target: "support" } });
    const xml = await ask(fixtureBody("dialplan-public-inbound-did-998785553322"));
    expect(xml).toContain('<extension name="queue_support">');
    expect(xml).toContain(
      '<action application="set" data="hangup_after_bridge=true"/><action application="set" data="continue_on_fail=true"/>' +
        '<action application="answer"/><action application="callcenter" data="support"/>' +
        `<action application="bridge" data="{originate_timeout=30,sip_invite_domain=${D}}[leg_timeout=30,presence_id=1003@${D},dialed_user=1003,dialed_domain=${D}]sofia/internal/1003%${D}"/>` +
        '<action application="hangup" data="NO_ANSWER"/>',
    );
    expect(xml).not.toContain("gateway");
  });
});

describe("a queue's music on hold from an uploaded sound", () => {
  const SOUNDS = "/var/lib/callboard/sounds";

  test("callcenter.conf's moh-sound is the uploaded file FreeSWITCH reads; deleting the sound while the queue plays it is refused", async () => {
    const t = await setup({ CALLBOARD_SOUNDS_DIR: SOUNDS });
    const musicOnHold = (value: unknown) => t.call("PATCH", "/api/v1/queues/support", { musicOnHold: value });
    const unknown = await musicOnHold("hold-music");
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("musicOnHold");
    expect((await musicOnHold("../etc")).status).toBe(422);
    t.deps.db.$client.run("INSERT INTO sounds (name, sample_rate, duration_ms, size_bytes) VALUES ('hold-music', 8000, 1000, 16044)");
    const set = await musicOnHold("hold-music");
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ musicOnHold: "hold-music" });
    expect(await t.ask(captured("queue-load"))).toContain(`<param name="strategy" value="top-down"/><param name="moh-sound" value="${SOUNDS}/hold-music.wav"/>`);
    const del = await t.call("DELETE", "/api/v1/sounds/hold-music");
    expect(del.status).toBe(409);
    expect(JSON.stringify(await del.json())).toContain("queue support (music on hold)");
    expect((await musicOnHold(null)).status).toBe(200);
    expect(await t.ask(captured("queue-load"))).toContain('<param name="moh-sound" value="tone_stream://%(2000,4000,440,480);loops=-1"/>');
  });
});
