/**
 * Issue 2's acceptance path, as an admin would do it: objects created with
 * the REST API on a running server, then FreeSWITCH's captured xml_curl
 * bodies (edited only in user/number/domain fields) POSTed to it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { createToken } from "../src/db/tokens.ts";
import { startServer, type RunningServer } from "../src/system.ts";
import { TEST_DOMAIN as D, testDeps } from "./support/deps.ts";
import { editBody, fixtureBody } from "./support/xmlcurl-bodies.ts";

let server: RunningServer;
let token: string;
const passwords: Record<string, string> = {};

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const xml = async (body: string) => {
  const res = await fetch(`${server.url}/freeswitch/xml`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  const deps = testDeps();
  server = startServer(deps);
  token = createToken(deps.db, "e2e-admin", "admin");
  for (const number of ["1001", "1002"]) {
    const res = await api("POST", "/extensions", { number, name: `Operator ${number}`, outboundClass: "national" });
    expect(res.status).toBe(201);
    passwords[number] = res.json.password;
  }
  const steps: [string, unknown][] = [
    ["/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "belluz-Secret-9", port: 5060, transport: "udp", register: true }],
    ["/dids", { number: "998785553322", destination: { type: "extension", target: "1001" }, record: true }],
    ["/outbound-routes", { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national", callerIdNumber: "998785553322" }],
  ];
  for (const [path, body] of steps) expect((await api("POST", path, body)).status).toBe(201);
});
afterAll(() => server.stop());

test("REGISTER of 1001 gets 1001's a1-hash for the password the API generated, and never a password", async () => {
  const reply = await xml(editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: D, domain: D, sip_auth_realm: D }));
  const a1 = createHash("md5").update(`1001:${D}:${passwords["1001"]}`).digest("hex");
  expect(reply).toContain(`<user id="1001" cacheable="1800000">`);
  expect(reply).toContain(`<param name="a1-hash" value="${a1}"/>`);
  expect(reply).not.toContain('name="password"');
});

test("1002 dialling 1001 is bridged to 1001", async () => {
  const body = editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
    variable_user_name: "1002",
    variable_sip_auth_username: "1002",
    "Caller-Destination-Number": "1001",
    "Hunt-Destination-Number": "1001",
    variable_domain_name: D,
  });
  expect(await xml(body)).toContain(`<action application="bridge" data="{leg_timeout=30}user/1001@${D}"/>`);
});

test("1001 dialling 998901234567 goes out through gateway belluz with the company number", async () => {
  const reply = await xml(fixtureBody("dialplan-default-outbound-998901234567"));
  expect(reply).toContain('<action application="bridge" data="sofia/gateway/belluz/998901234567"/>');
  expect(reply).toContain('data="effective_caller_id_number=998785553322"');
});

test("the provider's call to DID 998785553322 in public rings 1001, recorded, and reaches no gateway", async () => {
  const reply = await xml(fixtureBody("dialplan-public-inbound-did-998785553322"));
  expect(reply).toContain('<context name="public">');
  expect(reply).toContain(`user/1001@${D}`);
  expect(reply).toContain('application="record_session"');
  expect(reply).not.toContain("sofia/gateway");
});

test("sofia.conf carries both profiles and gateway belluz with the password FreeSWITCH must send", async () => {
  const reply = await xml(fixtureBody("configuration-sofia.conf-config_sofia"));
  expect(reply).toContain('<profile name="internal">');
  expect(reply).toContain('<profile name="external">');
  expect(reply).toContain('<gateway name="belluz">');
  expect(reply).toContain('<param name="password" value="belluz-Secret-9"/>');
  expect(reply).toContain(`<param name="force-register-domain" value="${D}"/>`);
  // several phones per extension, capped per user by the directory's max-registrations-per-extension
  expect(reply).toContain('<param name="multiple-registrations" value="contact"/>');
});
