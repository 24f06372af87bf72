/**
 * Answers kept between requests are dropped the moment what they were made
 * from changes: a cached answer is never a stale one.
 */
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { extensions } from "../src/db/schema.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const call = (from: string, to: string, uuid: string) =>
  editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
    variable_user_name: from,
    "Caller-Destination-Number": to,
    "Hunt-Destination-Number": to,
    "Unique-ID": uuid,
  });

function setup() {
  const t = testApp({ now: () => new Date(2026, 10, 22, 10, 45).getTime() });
  seedPbx(t.deps);
  const ask = async (body: string) => (await postXml(t.app, body)).text();
  return { ...t, ask };
}

test("a call answered once is answered again from memory, and differently as soon as a row it came from changes", async () => {
  const { ask, deps } = setup();
  const first = await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-000000000001"));
  expect(first).toContain('application="bridge" data="{leg_timeout=30}user/1001@');
  expect(await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-000000000002"))).toBe(first);
  deps.db.update(extensions).set({ enabled: false }).where(eq(extensions.number, "1001")).run();
  expect(await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-000000000003"))).toContain('application="hangup" data="UNALLOCATED_NUMBER"');
  deps.db.update(extensions).set({ enabled: true, name: "Renamed" }).where(eq(extensions.number, "1002")).run();
  expect(await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-000000000004"))).toContain("caller_id_name=Renamed");
});

test("a recorded call is never served from memory: each gets the file named by its own channel", async () => {
  const { ask, deps } = setup();
  deps.db.update(extensions).set({ record: true }).where(eq(extensions.number, "1001")).run();
  const a = await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-00000000000a"));
  const b = await ask(call("1002", "1001", "c7d1a0c2-0001-4000-8000-00000000000b"));
  expect(a).toContain("c7d1a0c2-0001-4000-8000-00000000000a.wav");
  expect(b).toContain("c7d1a0c2-0001-4000-8000-00000000000b.wav");
});

test("a user's answer kept for its contacts is made again when its row changes", async () => {
  const { ask, deps } = setup();
  const register = editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN });
  expect(await ask(register)).toContain('name="max-registrations-per-extension" value="3"');
  expect(await ask(register)).toContain('name="max-registrations-per-extension" value="3"');
  deps.db.update(extensions).set({ maxRegistrations: 1 }).where(eq(extensions.number, "1001")).run();
  expect(await ask(register)).toContain('name="max-registrations-per-extension" value="1"');
});
