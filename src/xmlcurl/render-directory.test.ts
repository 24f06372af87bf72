import { expect, test } from "bun:test";
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
];

const rows: DirectoryUser[] = [
  user,
  { ...user, callerIdName: "Malika" },
  { ...user, maxRegistrations: 0, outboundClass: "galactic" as DirectoryUser["outboundClass"], record: true },
  ...HOSTILE.map((h) => ({ ...user, name: h, callerIdNumber: h })),
];

test("the cached template filled with each request's contacts is byte for byte the DOM xmlbuilder2 builds, with the same problems", () => {
  for (const domain of [D, "CALL.example.uz"]) {
    for (const row of rows) {
      const template = directoryUserTemplate(domain, D, row);
      const reference = renderDirectoryUser(domain, D, row, []);
      expect(template === undefined).toBe(reference === undefined);
      if (!template) continue;
      for (const contacts of contactSets) expect(fillDirectoryUser(template, contacts)).toEqual(renderDirectoryUser(domain, D, row, contacts)!);
    }
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
