import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseDialString } from "./dial-string.ts";
import { dialplanActions, directoryUser } from "./xml-answers.ts";

/** Documents a real FreeSWITCH 1.10.12 accepted and acted on. */
const answer = (stem: string) =>
  readFileSync(new URL(`../../test/fixtures/freeswitch/xmlcurl-requests/${stem}.response.xml`, import.meta.url), "utf8");
const NOT_FOUND = answer("configuration-acl.conf");

test("the dialplan runs the first extension whose condition holds, in the leg's context", () => {
  const xml = answer("dialplan-default-outbound-998901234567");
  expect(dialplanActions(xml, "default", { destination_number: "998901234567" })).toEqual([
    { application: "set", data: "effective_caller_id_number=998785553322" },
    { application: "set", data: "hangup_after_bridge=true" },
    { application: "bridge", data: "sofia/gateway/belluz/998901234567" },
  ]);
  expect(dialplanActions(xml, "default", { destination_number: "9999" })?.map((a) => a.application)).toEqual(["answer", "record_session", "playback", "hangup"]);
});

test("no such context, no matching extension, the not-found document and broken XML are all no route", () => {
  const xml = answer("dialplan-public-inbound-did-998785553322");
  expect(dialplanActions(xml, "default", { destination_number: "998785553322" })).toBeUndefined();
  expect(dialplanActions(xml, "public", { destination_number: "998785553323" })).toBeUndefined();
  expect(dialplanActions(NOT_FOUND, "public", { destination_number: "998785553322" })).toBeUndefined();
  expect(dialplanActions("<document><section", "public", { destination_number: "1" })).toBeUndefined();
});

test("a directory user has its own params and variables, then the domain's it lacks, as switch_xml_merge_user merges them", () => {
  const user = directoryUser(answer("directory-sip_auth-REGISTER-1001"), "127.0.0.1", "1001");
  expect(user?.params.get("password")).toBe("1234");
  expect(user?.params.get("dial-string")).toStartWith("{^^:sip_invite_domain=");
  expect(user?.variables).toEqual([
    ["effective_caller_id_number", "1001"],
    ["effective_caller_id_name", "Lab 1001"],
    ["user_context", "default"],
  ]);
  expect(directoryUser(answer("directory-sip_auth-REGISTER-1001"), "127.0.0.1", "1003")).toBeUndefined();
  expect(directoryUser(answer("directory-sip_auth-REGISTER-1001"), "call.example.uz", "1001")).toBeUndefined();
  expect(directoryUser(NOT_FOUND, "127.0.0.1", "1001")).toBeUndefined();
});

test("callboard's dial strings: the contacts it names, the % fallback, a gateway, variables at both levels", () => {
  const contacts = parseDialString("{sip_invite_domain=call.example.uz,presence_id=1001@call.example.uz}sofia/internal/sip:1001@10.0.0.21:5081;fs_nat=yes,sofia/internal/sip:1001@10.0.0.31");
  expect(Object.fromEntries(contacts.variables)).toEqual({ sip_invite_domain: "call.example.uz", presence_id: "1001@call.example.uz" });
  expect(contacts.endpoints.map((e) => e.endpoint)).toEqual([
    { kind: "contact", profile: "internal", user: "1001", host: "10.0.0.21", port: 5081 },
    { kind: "contact", profile: "internal", user: "1001", host: "10.0.0.31" },
  ]);
  expect(parseDialString("sofia/internal/1001%call.example.uz").endpoints[0]!.endpoint).toEqual({ kind: "registered", profile: "internal", user: "1001", domain: "call.example.uz" });
  const bridge = parseDialString("{leg_timeout=30}user/1002@call.example.uz,[leg_delay_start=5]sofia/gateway/belluz/998901234567");
  expect(bridge.endpoints.map((e) => [e.endpoint, Object.fromEntries(e.variables)])).toEqual([
    [{ kind: "user", user: "1002", domain: "call.example.uz" }, {}],
    [{ kind: "gateway", gateway: "belluz", number: "998901234567" }, { leg_delay_start: "5" }],
  ]);
  expect(parseDialString("loopback/9999").endpoints[0]!.endpoint).toEqual({ kind: "unsupported", text: "loopback/9999" });
});
