import { expect, test } from "bun:test";
import { userDialString } from "./user-dial-string.ts";

const VARS = "{sip_invite_domain=call.example.uz,presence_id=1001@call.example.uz}";

test("every registered phone of the extension rings at once", () => {
  const { dialString, problems } = userDialString("1001", "call.example.uz", [
    "sip:1001@192.168.1.20:5060",
    "sip:1001@10.0.0.7:5062;transport=tcp;rinstance=8f2a1c",
  ]);
  expect(dialString).toBe(`${VARS}sofia/internal/sip:1001@192.168.1.20:5060,sofia/internal/sip:1001@10.0.0.7:5062;transport=tcp;rinstance=8f2a1c`);
  expect(problems).toEqual([]);
});

test("a phone behind NAT keeps the parameters that make sofia reach its public address", () => {
  const nat = "sip:1001@192.168.1.50:5060;fs_nat=yes;fs_path=sip%3A1001%40203.0.113.9%3A41234";
  expect(userDialString("1001", "call.example.uz", [nat]).dialString).toBe(`${VARS}sofia/internal/${nat}`);
});

test("with no known contact FreeSWITCH is left to find one (and to answer USER_NOT_REGISTERED)", () => {
  expect(userDialString("1001", "call.example.uz", []).dialString).toBe(`${VARS}sofia/internal/1001%call.example.uz`);
});

test("the same contact twice rings once", () => {
  const c = "sip:1001@192.168.1.20:5060";
  expect(userDialString("1001", "call.example.uz", [c, c]).dialString).toBe(`${VARS}sofia/internal/${c}`);
});

test.each([
  ["a second destination", "sip:1001@192.168.1.20:5060,sofia/gateway/belluz/998901234567"],
  ["a variable", "sip:1001@192.168.1.20:5060;x=${hangup_cause}"],
  ["channel variables", "{absolute_codec_string=PCMU}sip:1001@192.168.1.20"],
  ["per-leg variables", "[origination_caller_id_number=1]sip:1001@host"],
  ["an enterprise separator", "sip:1001@host;a=b:_:sofia/gateway/belluz/1"],
  ["a pipe", "sip:1001@host|sofia/gateway/belluz/1"],
  ["a quote", "sip:1001@host;a='x'"],
  ["a space", "sip:1001@host ;a=b"],
  ["a newline", "sip:1001@host\n"],
])("a contact holding %s is not rung and is reported", (_, hostile) => {
  const { dialString, problems } = userDialString("1001", "call.example.uz", ["sip:1001@192.168.1.20:5060", hostile]);
  expect(dialString).toBe(`${VARS}sofia/internal/sip:1001@192.168.1.20:5060`);
  expect(problems).toHaveLength(1);
});

test("a phone registered over TLS gets SRTP on its own leg as CALLBOARD_SRTP says; a phone on UDP never", () => {
  const desk = "sip:1001@192.168.1.20:5060";
  const laptop = "sip:1001@203.0.113.9:41234;transport=TLS;fs_nat=yes";
  const secure = "sips:1001@203.0.113.9:41235";
  expect(userDialString("1001", "call.example.uz", [desk, laptop, secure], "require").dialString).toBe(
    `${VARS}sofia/internal/${desk},[rtp_secure_media_outbound=mandatory]sofia/internal/${laptop},[rtp_secure_media_outbound=mandatory]sofia/internal/${secure}`,
  );
  expect(userDialString("1001", "call.example.uz", [laptop], "offer").dialString).toBe(`${VARS}[rtp_secure_media_outbound=optional]sofia/internal/${laptop}`);
  expect(userDialString("1001", "call.example.uz", [laptop], "off").dialString).toBe(`${VARS}sofia/internal/${laptop}`);
});
