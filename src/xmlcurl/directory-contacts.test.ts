import { expect, test } from "bun:test";
import type { LiveChange, LiveSnapshot, LiveView, Registration } from "../esl/live-types.ts";
import { createDirectoryContacts } from "./directory-contacts.ts";

const D = "pbx.test";
const reg = (user: string, dialUri: string, over: Partial<Registration> = {}): Registration => ({
  id: `${user}@${D}/${dialUri}`,
  user,
  realm: D,
  contact: dialUri,
  dialUri,
  networkIp: "127.0.0.1",
  networkPort: 5060,
  transport: "udp",
  userAgent: "MicroSIP",
  expiresAt: 10_000,
  profile: "internal",
  ...over,
});

function fakeLive(initial: Registration[]) {
  const listeners = new Set<(c: LiveChange) => void>();
  let seq = 0;
  const snap: LiveSnapshot = { seq: 0, channels: [], calls: [], registrations: initial, gateways: [], queueCallers: [], queueAgents: [], status: { esl: "connected" } };
  const live: LiveView = { snapshot: () => snap, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  const emit = (c: LiveChange) => listeners.forEach((l) => l(c));
  return {
    live,
    upsert: (r: Registration) => emit({ seq: ++seq, kind: "registration", op: "upsert", key: r.id, value: r }),
    remove: (id: string) => emit({ seq: ++seq, kind: "registration", op: "remove", key: id }),
  };
}

test("each user's phones are known from the snapshot and every change after it", () => {
  const desk = reg("1001", "sip:1001@192.168.1.20:5060");
  const f = fakeLive([desk, reg("1002", "sip:1002@192.168.1.21:5060")]);
  const contacts = createDirectoryContacts(f.live, D, () => {});
  expect(contacts.of("1001", 0)).toEqual([desk.dialUri]);
  const mobile = reg("1001", "sip:1001@10.0.0.7:5062;fs_nat=yes");
  f.upsert(mobile);
  expect(contacts.of("1001", 0)).toEqual([desk.dialUri, mobile.dialUri]);
  f.remove(desk.id);
  expect(contacts.of("1001", 0)).toEqual([mobile.dialUri]);
  expect(contacts.of("1003", 0)).toEqual([]);
});

test("expired registrations, other realms and the external profile are not rung", () => {
  const f = fakeLive([
    reg("1001", "sip:1001@a:1", { expiresAt: 5 }),
    reg("1001", "sip:1001@b:1", { realm: "other.example" }),
    reg("1001", "sip:1001@c:1", { profile: "external" }),
    reg("1001", "sip:1001@d:1", { realm: "PBX.test" }),
  ]);
  expect(createDirectoryContacts(f.live, D, () => {}).of("1001", 5)).toEqual(["sip:1001@d:1"]);
});

test("FreeSWITCH's copy is flushed when a user's phones change, not when one only renews its registration", () => {
  const desk = reg("1001", "sip:1001@192.168.1.20:5060");
  const f = fakeLive([desk]);
  const changed: string[] = [];
  createDirectoryContacts(f.live, D, (u) => changed.push(u));
  f.upsert({ ...desk, expiresAt: 20_000 });
  expect(changed).toEqual([]);
  f.upsert(reg("1001", "sip:1001@10.0.0.7:5062"));
  f.upsert({ ...desk, dialUri: "sip:1001@192.168.1.20:5070" });
  f.remove(desk.id);
  f.remove("never-seen");
  f.upsert(reg("1002", "sip:1002@x:1", { profile: "external" }));
  expect(changed).toEqual(["1001", "1001", "1001"]);
});
