/**
 * `bridge user/1002@domain` asks the directory (action=user_call, the body a
 * real FreeSWITCH 1.10 POSTed) how to reach 1002: every phone callboard has
 * seen register rings, NAT'd ones at the address their REGISTER came from.
 */
import { expect, test } from "bun:test";
import type { LiveSnapshot, Registration } from "../src/esl/live-types.ts";
import { TEST_DOMAIN, emptyLive, testApp } from "./support/deps.ts";
import { editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const D = TEST_DOMAIN;
const NOW = new Date(2026, 10, 22, 10, 45).getTime();

const reg = (user: string, dialUri: string, over: Partial<Registration> = {}): Registration => ({
  id: `${user}@${D}/${dialUri}`,
  user,
  realm: D,
  contact: dialUri.split(";")[0]!,
  dialUri,
  networkIp: "127.0.0.1",
  networkPort: 5060,
  transport: "udp",
  userAgent: "MicroSIP/3.21.3",
  expiresAt: NOW + 600_000,
  profile: "internal",
  ...over,
});

async function dialStringFor(user: string, registrations: Registration[]): Promise<string> {
  const live = emptyLive();
  const snap: LiveSnapshot = { ...live.snapshot(), registrations };
  const t = testApp({ now: () => NOW, live: { ...live, snapshot: () => snap } });
  seedPbx(t.deps);
  const res = await postXml(t.app, editBody(fixtureBody(`directory-user_call-${user}`), { key_value: D, domain: D }));
  const xml = await res.text();
  return /name="dial-string" value="([^"]*)"/.exec(xml)?.[1]?.replaceAll("&amp;", "&") ?? "";
}

const VARS = `{sip_invite_domain=${D},presence_id=1002@${D}}`;

test("both of 1002's phones ring: the desk phone and the one behind NAT, each at its own address", async () => {
  const desk = "sip:1002@192.168.1.21:5060";
  const mobile = "sip:1002@10.8.0.3:5062;fs_nat=yes;fs_path=sip%3A1002%40203.0.113.9%3A41234";
  expect(await dialStringFor("1002", [reg("1002", desk), reg("1002", mobile), reg("1001", "sip:1001@192.168.1.20:5060")])).toBe(
    `${VARS}sofia/internal/${desk},sofia/internal/${mobile}`,
  );
});

test("expired registrations, other domains and the external profile do not ring", async () => {
  const live = "sip:1002@192.168.1.21:5060";
  const regs = [
    reg("1002", live),
    reg("1002", "sip:1002@192.168.1.99:5060", { expiresAt: NOW - 1 }),
    reg("1002", "sip:1002@192.168.1.98:5060", { realm: "other.example" }),
    reg("1002", "sip:1002@192.168.1.97:5060", { profile: "external" }),
  ];
  expect(await dialStringFor("1002", regs)).toBe(`${VARS}sofia/internal/${live}`);
});

test("a phone that wrote a second destination into its Contact does not get it dialled", async () => {
  const good = "sip:1002@192.168.1.21:5060";
  const forked = "sip:1002@192.168.1.22:5060,sofia/gateway/belluz/998901234567";
  expect(await dialStringFor("1002", [reg("1002", good), reg("1002", forked)])).toBe(`${VARS}sofia/internal/${good}`);
});

test("with no registration known (ESL down) FreeSWITCH finds the phone itself", async () => {
  expect(await dialStringFor("1002", [])).toBe(`${VARS}sofia/internal/1002%${D}`);
});
