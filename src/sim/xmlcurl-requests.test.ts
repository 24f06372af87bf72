import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseXmlCurlBody } from "../xmlcurl/parse-request.ts";
import { newLeg } from "./channel.ts";
import type { SwitchIdentity } from "./event-headers.ts";
import { dialplanRequest, registerAuthRequest, userCallRequest } from "./xmlcurl-requests.ts";

const FIXTURES = new URL("../../test/fixtures/freeswitch/", import.meta.url);
/** The body of a whole captured HTTP request. */
const httpBody = (name: string) => {
  const raw = readFileSync(new URL(`http/${name}`, FIXTURES), "latin1");
  return Buffer.from(raw.slice(raw.indexOf("\r\n\r\n") + 4), "latin1").toString("utf8");
};
const requestBody = (stem: string) => readFileSync(new URL(`xmlcurl-requests/${stem}.body`, FIXTURES), "utf8");

/** The third capture round: FreeSWITCH 1.10.12 with the shipped freeswitch-conf/. */
const VM: SwitchIdentity = { coreUuid: "9e94cfba-74ea-4d31-8dfd-266e0dfa7152", hostname: "vm", switchname: "vm", ipv4: "127.0.0.1", ipv6: "::1", utcOffsetMinutes: 0 };
const LAB: SwitchIdentity = { coreUuid: "84adb98a-0b7f-48b1-86ab-7c769d2c8eee", hostname: "vm", switchname: "fslab", ipv4: "192.0.2.2", ipv6: "fd00::2", utcOffsetMinutes: 0 };

test("a REGISTER's digest lookup is the body FreeSWITCH 1.10.12 sent, byte for byte", () => {
  const body = registerAuthRequest(VM, { micros: 1796164060541624, sequence: 417 }, {
    user: "1002",
    domain: "pbx.test",
    userAgent: "sipp-callboard",
    nonce: "c50b6667-8339-44ad-81a9-8349bbf3db1e",
    authUri: "sip:127.0.0.1:39701",
    contactHost: "127.0.0.1",
    callId: "1-15290@127.0.0.1",
    cnonce: "6b8b4567",
    nc: "00000001",
    response: "7099ef9f9c44a0f962c4713910299d31",
    ip: "127.0.0.1",
    port: 37343,
  });
  expect(body).toBe(httpBody("xml_curl-post-directory-sip_auth-register.raw"));
});

test("a Request-URI with a port adds sip_request_port where FreeSWITCH puts it", () => {
  const body = registerAuthRequest(LAB, { micros: 1795343577131280, sequence: 505 }, {
    user: "1001",
    domain: "127.0.0.1",
    userAgent: "sipp-lab",
    nonce: "928003bb-28f2-4a1f-86c9-a245544dfedc",
    authUri: "sip:127.0.0.1:5060",
    contactHost: "127.0.0.1",
    callId: "1-30768@127.0.0.1",
    requestPort: 5060,
    cnonce: "6b8b4567",
    nc: "00000001",
    response: "ed2e8091e926e4243dda9443e814789d",
    ip: "127.0.0.1",
    port: 5061,
  });
  expect(body).toBe(requestBody("directory-sip_auth-REGISTER-1001"));
});

test("bridge user/N asks for the dial string with the captured body, the dial string's variables included", () => {
  expect(userCallRequest(VM, { micros: 1796164060701628, sequence: 448 }, "1002", "pbx.test", [["leg_timeout", "30"]])).toBe(
    httpBody("xml_curl-post-directory-user_call.raw"),
  );
  expect(userCallRequest(LAB, { micros: 1795343610551255, sequence: 571 }, "1002", "127.0.0.1")).toBe(requestBody("directory-user_call-1002"));
});

const names = (body: string) => body.split("&").map((pair) => pair.slice(0, pair.indexOf("=")));
const notVariable = (name: string) => !name.startsWith("variable_");

test("a phone's dialplan lookup has the captured body's fields in its order, and the values callboard routes on", () => {
  const captured = httpBody("xml_curl-post-dialplan-default.raw");
  const leg = newLeg({
    uuid: "9544227d-3769-43cb-9a1a-6b22d90607ba",
    kind: "phone-in",
    callUuid: "9544227d-3769-43cb-9a1a-6b22d90607ba",
    nowMicros: 1796164060701628,
    callerName: "Dilnoza Karimova",
    callerNumber: "1001",
    destination: "1002",
    context: "default",
    domain: "pbx.test",
    remote: { ip: "127.0.0.1", port: 34951 },
    userAgent: "sipp-callboard",
    sessionId: 1,
    directory: [
      ["user_context", "default"],
      ["effective_caller_id_name", "Dilnoza Karimova"],
      ["effective_caller_id_number", "1001"],
      ["callboard_outbound_class", "national"],
      ["callboard_record", "false"],
    ],
  });
  Object.assign(leg, { state: "CS_ROUTING", callState: "RINGING", codec: leg.codec });
  const ours = dialplanRequest(VM, { micros: 1796164060701628, sequence: 433 }, leg);
  expect(names(ours).filter(notVariable)).toEqual(names(captured).filter(notVariable));
  // The simulator keeps fewer channel variables than a real leg, in FreeSWITCH's order
  // (but for call_uuid, which FreeSWITCH moves to the end when it sets it again).
  const capturedVariables = names(captured).filter((n) => !notVariable(n) && n !== "variable_call_uuid");
  const ourVariables = names(ours).filter((n) => !notVariable(n) && n !== "variable_call_uuid");
  expect(ourVariables.filter((n) => capturedVariables.includes(n))).toEqual(capturedVariables.filter((n) => ourVariables.includes(n)));
  const mismatched = ["Event-Date-Local", "Event-Date-GMT"];
  const ourFields = parseXmlCurlBody(ours).fields;
  for (const [name, value] of parseXmlCurlBody(captured).fields) {
    if (notVariable(name) && !mismatched.includes(name) && ourFields.has(name)) expect([name, ourFields.get(name)]).toEqual([name, value]);
  }
  for (const name of ["variable_sip_authorized", "variable_user_name", "variable_uuid", "variable_sip_from_user"]) {
    expect(ourFields.get(name)).toBe(parseXmlCurlBody(captured).fields.get(name)!);
  }
});

test("the provider's call to a DID asks with the captured public-context body's fields and values", () => {
  const captured = requestBody("dialplan-public-inbound-did-998785553322");
  const leg = newLeg({
    uuid: "a273eb47-17bf-4eef-bafc-05d11c6ffead",
    kind: "provider-in",
    callUuid: "a273eb47-17bf-4eef-bafc-05d11c6ffead",
    nowMicros: 1795344348562701,
    callerName: "998901112233",
    callerNumber: "998901112233",
    destination: "998785553322",
    context: "public",
    domain: "127.0.0.1",
    remote: { ip: "127.0.0.1", port: 5090 },
    userAgent: "sipp-belluz",
    sessionId: 5,
  });
  Object.assign(leg, { state: "CS_ROUTING", callState: "RINGING" });
  const ours = dialplanRequest({ ...LAB, coreUuid: "5d3049cd-5511-4b9e-a61e-ac554cbe47ba" }, { micros: 1795344348562701, sequence: 700 }, leg);
  expect(names(ours).filter(notVariable)).toEqual(names(captured).filter(notVariable));
  const ourFields = parseXmlCurlBody(ours).fields;
  for (const [name, value] of parseXmlCurlBody(captured).fields) {
    if (notVariable(name)) expect([name, ourFields.get(name)]).toEqual([name, value]);
  }
});
