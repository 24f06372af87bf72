import { expect, test } from "bun:test";
import { apiReply } from "../../test/support/esl-transcript.ts";
import { parseGatewayXmlStatus } from "./parse-gateway-xmlstatus.ts";
import { parseRegistrations } from "./parse-registrations.ts";
import { bridgesFromCallRows, channelFromRow, parseRows } from "./parse-show-channels.ts";
import { parseSofiaStatusGateways } from "./parse-sofia-status.ts";
import { parseStatus } from "./parse-status.ts";

const NOW = 1_795_343_700_000;

test("an idle switch's `{\"row_count\": 0}` means no channels, not a failure", () => {
  expect(parseRows(apiReply("api_show_channels_json_idle"))).toEqual([]);
});

test("a reply that is not the show table is a failure", () => {
  expect(parseRows(apiReply("api_unknown_command"))).toBeUndefined();
  expect(parseRows('{"rows":[]}')).toBeUndefined();
});

test("show channels during a call gives the leg with its caller, destination and extension", () => {
  const [row] = parseRows(apiReply("api_show_channels_json_active"))!;
  expect(channelFromRow(row!, NOW)).toEqual({
    uuid: "6066c1a0-8962-40bd-bff2-d3396eee1cab",
    name: "sofia/internal/1001@127.0.0.1",
    direction: "inbound",
    state: "answered",
    callerNumber: "1001",
    callerName: "Lab 1001",
    calleeNumber: "9999",
    calleeName: "",
    destination: "9999",
    context: "default",
    extension: "1001",
    createdAt: 1795343624_000,
    held: false,
    recording: false,
    callId: "6066c1a0-8962-40bd-bff2-d3396eee1cab",
    readCodec: "PCMU",
    writeCodec: "PCMU",
    remoteIp: "127.0.0.1",
  });
});

test("show calls with an unbridged leg pairs nothing", () => {
  expect(bridgesFromCallRows(parseRows(apiReply("api_show_calls_json_active"))!).size).toBe(0);
  expect(bridgesFromCallRows([{ uuid: "a", b_uuid: "b" }])).toEqual(new Map([["a", "b"]]));
});

test("show registrations: expires is absolute Unix time, the contact comes from the url", () => {
  expect(parseRegistrations(apiReply("api_show_registrations_json_1001_1002"))).toEqual([
    {
      id: "1002@127.0.0.1/sip:1002@127.0.0.1:5070",
      user: "1002",
      realm: "127.0.0.1",
      contact: "sip:1002@127.0.0.1:5070",
      dialUri: "sip:1002@127.0.0.1:5070",
      networkIp: "127.0.0.1",
      networkPort: 5070,
      transport: "udp",
      userAgent: "",
      expiresAt: 1795347971_000,
      profile: "internal",
    },
    {
      id: "1001@127.0.0.1/sip:1001@127.0.0.1:5061",
      user: "1001",
      realm: "127.0.0.1",
      contact: "sip:1001@127.0.0.1:5061",
      dialUri: "sip:1001@127.0.0.1:5061",
      networkIp: "127.0.0.1",
      networkPort: 5061,
      transport: "udp",
      userAgent: "",
      expiresAt: 1795347982_000,
      profile: "internal",
    },
  ]);
});

test("sofia xmlstatus gateway: REGED with its uptime, FAIL_WAIT with ping DOWN", () => {
  expect(parseGatewayXmlStatus(apiReply("api_sofia_xmlstatus_gateway_belluz"))).toEqual([
    { name: "belluz", profile: "external", state: "REGED", pingStatus: "UP", uptimeMs: 56719 },
  ]);
  expect(parseGatewayXmlStatus(apiReply("api_sofia_xmlstatus_gateway_belluz_fail_wait"))).toEqual([
    { name: "belluz", profile: "external", state: "FAIL_WAIT", pingStatus: "DOWN" },
  ]);
});

test("the all-gateways form lists each gateway; non-XML is undefined", () => {
  const xml = "<?xml version=\"1.0\"?>\n<gateways><gateway><name>a</name><state>REGED</state></gateway><gateway><name>b</name><state>NOREG</state></gateway></gateways>";
  expect(parseGatewayXmlStatus(xml)?.map((g) => `${g.name}:${g.state}`)).toEqual(["a:REGED", "b:NOREG"]);
  expect(parseGatewayXmlStatus("-ERR no reply\n")).toBeUndefined();
});

test("status gives version, uptime and sessions", () => {
  expect(parseStatus(apiReply("api_status"))).toEqual({ version: "1.10.12-release", uptimeMs: 60_635, sessions: 1 });
  expect(parseStatus("-ERR\n")).toBeUndefined();
});

test("sofia status lists the gateways by name with their state; profiles are not gateways", () => {
  expect(parseSofiaStatusGateways(apiReply("api_sofia_status"))).toEqual([{ name: "belluz", profile: "external", state: "REGED" }]);
  expect(parseSofiaStatusGateways("-ERR no\n")).toBeUndefined();
});
