import { describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { createLogger } from "../src/log.ts";
import { startServer } from "../src/system.ts";
import { TEST_DOMAIN, testApp, testConfig, testDeps } from "./support/deps.ts";
import { NOT_FOUND, editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const register = () =>
  editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN });

function seeded(env: Record<string, string> = {}) {
  const t = testApp({ config: testConfig(env) });
  seedPbx(t.deps);
  return t;
}

describe("who may ask", () => {
  test("a request whose source address is unknown (no server behind it) is refused", async () => {
    const { app } = seeded();
    expect((await postXml(app, register(), { address: null })).status).toBe(403);
  });

  test("loopback, in both IPv4 and IPv4-mapped IPv6 form, and ::1 are allowed by default", async () => {
    const { app } = seeded();
    for (const address of ["127.0.0.1", "::ffff:127.0.0.1", "::1"]) {
      expect((await postXml(app, register(), { address })).status).toBe(200);
    }
  });

  test("any other address is refused, and allow-list networks work for IPv4 and IPv6", async () => {
    const { app } = seeded({ CALLBOARD_XMLCURL_ALLOW: "10.1.0.0/16,fd00:10::/32" });
    expect((await postXml(app, register(), { address: "127.0.0.1" })).status).toBe(403);
    expect((await postXml(app, register(), { address: "10.2.0.1" })).status).toBe(403);
    expect((await postXml(app, register(), { address: "10.1.9.9" })).status).toBe(200);
    expect((await postXml(app, register(), { address: "::ffff:10.1.9.9" })).status).toBe(200);
    expect((await postXml(app, register(), { address: "fd00:10::5" })).status).toBe(200);
    expect((await postXml(app, register(), { address: "fd00:11::5" })).status).toBe(403);
  });

  test("a forged X-Forwarded-For does not make a refused address acceptable", async () => {
    const { app } = seeded();
    const res = await postXml(app, register(), { address: "192.0.2.50", headers: { "x-forwarded-for": "127.0.0.1" } });
    expect(res.status).toBe(403);
  });

  test("a request relayed by a proxy on this host is refused, so loopback's trust does not leak to whoever it forwards", async () => {
    const { app } = seeded();
    const relayed: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.9" }, { forwarded: "for=203.0.113.9" }, { "x-real-ip": "203.0.113.9" }, { via: "1.1 nginx" }];
    for (const headers of relayed) {
      const res = await postXml(app, register(), { address: "127.0.0.1", headers });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("a1-hash");
    }
    expect((await postXml(app, register(), { address: "127.0.0.1" })).status).toBe(200);
  });

  test("with basic auth configured, the right credentials are needed", async () => {
    const { app } = seeded({ CALLBOARD_XMLCURL_USER: "fs", CALLBOARD_XMLCURL_PASSWORD: "xml-curl-secret" });
    const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString("base64")}` });
    expect((await postXml(app, register())).status).toBe(401);
    expect((await postXml(app, register(), { headers: basic("fs:wrong") })).status).toBe(401);
    expect((await postXml(app, register(), { headers: basic("fs:xml-curl-secret") })).status).toBe(200);
  });
});

describe("never a 500", () => {
  test("a database fault is logged and answered with the not-found document", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const t = testApp({ log: createLogger("info", sink) });
    seedPbx(t.deps);
    t.deps.db.$client.exec("DROP TABLE extensions");
    const res = await postXml(t.app, register());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(NOT_FOUND);
    expect(lines.some((l) => l.includes("xml_curl fault"))).toBe(true);
  });

  test("garbage bodies get not found; a body no FreeSWITCH sends (over 64 KiB) a plain 413", async () => {
    const { app } = seeded();
    for (const body of ["", "%%%&&&==", "section=dialplan&Caller-Context=default", "section=directory&%E0%A4%A=1"]) {
      const res = await postXml(app, body);
      expect(res.status).toBe(200);
      expect(await res.text()).toStartWith('<document type="freeswitch/xml">');
    }
    const huge = await postXml(app, "x".repeat(300_000));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toBe("request body too large\n");
  });
});

test("every request leaves one structured log line with section, key, outcome and microseconds", async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const t = testApp({ log: createLogger("info", sink) });
  seedPbx(t.deps);
  await postXml(t.app, register());
  await postXml(t.app, fixtureBody("dialplan-default-outbound-998901234567"));
  const xml = lines.filter((l) => l.msg === "xml_curl");
  expect(xml).toHaveLength(2);
  expect(xml[0]).toMatchObject({ section: "directory", key: `1001@${TEST_DOMAIN}`, outcome: "user (sip_auth)" });
  expect(xml[1]).toMatchObject({ section: "dialplan", key: "default:1001->998901234567", outcome: "bridge gateway belluz via uz-mobile" });
  for (const l of xml) expect(typeof l.us).toBe("number");
});

test("over a real socket, FreeSWITCH's captured REGISTER body gets 1001's entry", async () => {
  const deps = testDeps();
  seedPbx(deps);
  const server = startServer(deps);
  try {
    const res = await fetch(`${server.url}/freeswitch/xml`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "freeswitch-xml/1.0" },
      body: register(),
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<user id="1001" cacheable="1800000"><params><param name="a1-hash"');
  } finally {
    await server.stop();
  }
});
