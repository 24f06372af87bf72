import { expect, test } from "bun:test";
import type { SrtpMode } from "../config.ts";
import { directoryUserTemplate, fillDirectoryUser, renderDirectoryUser, USER_CACHE_MS, type DirectoryUser } from "./render-directory.ts";
import { HOSTILE } from "../../test/support/hostile-values.ts";

const D = "call.example.uz";
const user: DirectoryUser = {
  number: "1001",
  name: "Оператор Qo'ng'iroq",
  callerIdName: null,
  callerIdNumber: "998785553322",
  a1Hash: "0123456789abcdef0123456789abcdef",
  realm: D,
  outboundClass: "national",
  record: false,
  maxRegistrations: 3,
};

const contactSets: (readonly string[])[] = [
  [],
  ["sip:1001@192.168.1.20:5060"],
  ["sip:1001@192.168.1.20:5060", "sip:1001@10.8.0.3:5062;fs_nat=yes;fs_path=sip%3A1001%40203.0.113.9%3A41234"],
  HOSTILE,
  ["sip:1001@192.168.1.22:5060,sofia/gateway/belluz/998901234567", "sip:1001@h:1;a=&lt;", 'sip:1001@h:1;a="'],
  // Phones on TLS: their legs carry SRTP variables when CALLBOARD_SRTP asks for them.
  ["sip:1001@192.168.1.20:5061;transport=tls"],
  ["sips:1001@192.168.1.20:5061", "sip:1001@10.8.0.3:5060", "sip:1001@10.8.0.4:5061;transport=TLS;fs_nat=yes"],
];

const SRTP_MODES: readonly SrtpMode[] = ["off", "offer", "require"];
const PIN_MD5 = "5f4dcc3b5aa765d61d8327deb882cf99";

const rows: DirectoryUser[] = [
  user,
  { ...user, callerIdName: "Malika" },
  { ...user, maxRegistrations: 0, outboundClass: "galactic" as DirectoryUser["outboundClass"], record: true },
  ...HOSTILE.map((h) => ({ ...user, name: h, callerIdNumber: h })),
  // Voicemail: off, on without a PIN, on with one, and a hash column holding anything at all.
  { ...user, voicemailEnabled: false, voicemailPinHash: PIN_MD5 },
  { ...user, voicemailEnabled: true, voicemailPinHash: null },
  { ...user, voicemailEnabled: true, voicemailPinHash: PIN_MD5 },
  ...HOSTILE.map((h) => ({ ...user, voicemailEnabled: true, voicemailPinHash: h })),
];

test("the cached template filled with each request's contacts is byte for byte the DOM xmlbuilder2 builds, with the same problems", () => {
  for (const domain of [D, "CALL.example.uz"]) {
    for (const row of rows) {
      const template = directoryUserTemplate(domain, D, row);
      const reference = renderDirectoryUser(domain, D, row, []);
      expect(template === undefined).toBe(reference === undefined);
      if (!template) continue;
      for (const contacts of contactSets) {
        for (const srtp of SRTP_MODES) expect(fillDirectoryUser(template, contacts, srtp)).toEqual(renderDirectoryUser(domain, D, row, contacts, srtp)!);
      }
    }
  }
});

test("the proof sees what the hot path serves: both voicemail params, each SRTP leg variable", () => {
  const xmls = rows.flatMap((row) => {
    const template = directoryUserTemplate(D, D, row);
    return template ? contactSets.flatMap((contacts) => SRTP_MODES.map((srtp) => fillDirectoryUser(template, contacts, srtp).xml)) : [];
  });
  for (const seen of [
    '<param name="vm-enabled" value="false"/>',
    '<param name="vm-a1-hash" value="no-pin-set"/>',
    `<param name="vm-a1-hash" value="${PIN_MD5}"/>`,
    "[rtp_secure_media_outbound=optional]sofia/internal/sips:1001@192.168.1.20:5061",
    "[rtp_secure_media_outbound=mandatory]sofia/internal/sip:1001@10.8.0.4:5061;transport=TLS;fs_nat=yes",
  ]) {
    expect([seen, xmls.some((x) => x.includes(seen))]).toEqual([seen, true]);
  }
  // A hash column holding anything but an md5 never reaches the document: the box stays closed to phone logins, said once.
  for (const h of HOSTILE) {
    const { xml, problems } = renderDirectoryUser(D, D, { ...user, voicemailEnabled: true, voicemailPinHash: h })!;
    expect(xml).toContain('<param name="vm-enabled" value="true"/><param name="vm-a1-hash" value="no-pin-set"/>');
    expect(problems.filter((p) => p.startsWith("voicemail"))).toEqual(["voicemail PIN hash is not an md5: phone login closed until a PIN is set"]);
  }
});

test("rows that cannot make a safe user make no template either", () => {
  for (const bad of [{ ...user, a1Hash: `"/><X-PRE-PROCESS cmd="exec"/>` }, { ...user, realm: "old.example.uz" }, { ...user, number: "1;2" }]) {
    expect(directoryUserTemplate(D, D, bad)).toBeUndefined();
    expect(renderDirectoryUser(D, D, bad)).toBeUndefined();
  }
  expect(directoryUserTemplate("evil.example/><x", D, user)).toBeUndefined();
});

test("FreeSWITCH may keep the user half an hour: re-REGISTERs are then answered from its own memory", () => {
  expect(renderDirectoryUser(D, D, user)?.xml).toContain(`<user id="1001" cacheable="${USER_CACHE_MS}">`);
  // FreeSWITCH multiplies the milliseconds by 1000 in a 32-bit int: past 2^31 the entry is born expired.
  expect(USER_CACHE_MS * 1000).toBeLessThan(2 ** 31);
  expect(USER_CACHE_MS).toBe(1_800_000);
});
