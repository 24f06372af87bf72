/**
 * FreeSWITCH keeps the users callboard hands out (cacheable): callboard must
 * make it forget one the moment anything about it changes, or a deleted
 * extension would go on registering and a new phone would not ring.
 */
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { extensions } from "../src/db/schema.ts";
import type { LiveChange, LiveView, Registration } from "../src/esl/live-types.ts";
import { TEST_DOMAIN, emptyLive, testApp } from "./support/deps.ts";
import { recordingEsl } from "./support/recording-esl.ts";
import { until } from "./support/until.ts";
import { editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const D = TEST_DOMAIN;
const flush = (n: string) => `xml_flush_cache id ${n} ${D}`;
const register = (user: string) =>
  editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: D, domain: D, sip_auth_realm: D, user, sip_auth_username: user });

test("every write to an extension over the API makes FreeSWITCH forget that user before the API answers", async () => {
  const { esl, commands } = recordingEsl();
  const { call } = testApp({ esl });
  expect((await call("POST", "/api/v1/extensions", { number: "1005", name: "Aziz" })).status).toBe(201);
  expect(commands).toEqual([flush("1005")]);
  for (const body of [{ name: "Aziz Karimov" }, { enabled: false }, { outboundClass: "internal" }, { record: true }, { maxRegistrations: 1 }]) {
    expect((await call("PATCH", "/api/v1/extensions/1005", body)).status).toBe(200);
  }
  expect((await call("POST", "/api/v1/extensions/1005/reset-password")).status).toBe(200);
  expect((await call("DELETE", "/api/v1/extensions/1005")).status).toBe(204);
  expect(commands.filter((c) => c === flush("1005"))).toHaveLength(8);
});

test("a write that fails flushes nothing; a FreeSWITCH that cannot be told does not fail the write", async () => {
  const { esl, commands } = recordingEsl(() => ({ ok: false, kind: "timeout", message: "no reply in 2000 ms" }));
  const { call } = testApp({ esl });
  expect((await call("PATCH", "/api/v1/extensions/1099", { name: "Nobody" })).status).toBe(404);
  expect(commands).toEqual([]);
  expect((await call("POST", "/api/v1/extensions", { number: "1006", name: "Dilnoza" })).status).toBe(201);
  expect(commands).toEqual([flush("1006")]);
});

test("a row changed straight in the database is flushed within a second while FreeSWITCH is connected", async () => {
  const { esl, commands } = recordingEsl();
  const { app, deps } = testApp({ esl });
  seedPbx(deps);
  await postXml(app, register("1001"));
  deps.db.update(extensions).set({ enabled: false }).where(eq(extensions.number, "1001")).run();
  await until("the flush of 1001", () => commands.includes(flush("1001")), 1_000);
});

function liveWith(registrations: Registration[]) {
  const base = emptyLive();
  const listeners = new Set<(c: LiveChange) => void>();
  const live: LiveView = { snapshot: () => ({ ...base.snapshot(), registrations }), subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  const upsert = (r: Registration) => listeners.forEach((l) => l({ seq: 1, kind: "registration", op: "upsert", key: r.id, value: r }));
  return { live, upsert };
}

const reg = (user: string, dialUri: string): Registration => ({
  id: `${user}@${D}/${dialUri}`,
  user,
  realm: D,
  contact: dialUri,
  dialUri,
  networkIp: "127.0.0.1",
  networkPort: 5060,
  transport: "udp",
  userAgent: "MicroSIP",
  expiresAt: Date.now() + 600_000,
  profile: "internal",
});

test("a second phone registering makes FreeSWITCH forget the user, and the next lookup rings both phones", async () => {
  const { esl, commands } = recordingEsl();
  const desk = reg("1002", "sip:1002@192.168.1.21:5060");
  const { live, upsert } = liveWith([desk]);
  const { app, deps } = testApp({ esl, live });
  seedPbx(deps);
  const dialString = async () => /name="dial-string" value="([^"]*)"/.exec(await (await postXml(app, register("1002"))).text())?.[1];
  expect(await dialString()).toEndWith(`sofia/internal/${desk.dialUri}`);
  // The seeded rows themselves were flushed as the model caught up with them.
  commands.length = 0;
  upsert({ ...desk, expiresAt: desk.expiresAt + 60_000 });
  expect(commands).toEqual([]);
  const mobile = reg("1002", "sip:1002@10.8.0.3:5062;fs_nat=yes");
  upsert(mobile);
  expect(commands).toEqual([flush("1002")]);
  expect(await dialString()).toEndWith(`sofia/internal/${desk.dialUri},sofia/internal/${mobile.dialUri}`);
});

test("answers follow every write at once: a renamed, re-passworded or disabled extension is answered as it now is", async () => {
  const { app, call } = testApp();
  expect((await call("POST", "/api/v1/extensions", { number: "1007", name: "Before" })).status).toBe(201);
  const ask = async () => (await postXml(app, register("1007"))).text();
  const first = await ask();
  expect(first).toContain('value="Before"');
  await call("PATCH", "/api/v1/extensions/1007", { name: "After" });
  expect(await ask()).toContain('value="After"');
  const hash = (xml: string) => /name="a1-hash" value="([0-9a-f]{32})"/.exec(xml)?.[1];
  const before = hash(await ask());
  await call("POST", "/api/v1/extensions/1007/reset-password");
  expect(hash(await ask())).not.toBe(before);
  await call("PATCH", "/api/v1/extensions/1007", { enabled: false });
  expect(await ask()).toContain('<result status="not found"/>');
});
