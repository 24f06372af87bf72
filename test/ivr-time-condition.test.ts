/**
 * An IVR menu's key or fallback sending the caller to a time condition:
 * accepted when the condition exists (422 naming the field otherwise), 409
 * on deleting the condition while a menu uses it, and the key transferred
 * back into context `ivr` decided by callboard's clock when it is pressed.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testApp, testConfig } from "./support/deps.ts";
import { editBody } from "./support/xmlcurl-bodies.ts";

const dialplanBody = readFileSync(join(import.meta.dir, "fixtures/freeswitch/http/xml_curl-post-dialplan-default.raw"), "utf8").split("\r\n\r\n")[1]!;
const read = async (res: Response): Promise<any> => res.json();
const ivrKey = (destination: string) =>
  editBody(dialplanBody, { "Caller-Context": "ivr", "Caller-Destination-Number": destination, "Hunt-Context": "ivr", "Hunt-Destination-Number": destination });

async function pbx() {
  let now = Date.parse("2026-12-01T10:00:00+05:00");
  const t = testApp({ now: () => now, config: testConfig({ CALLBOARD_DOMAIN: "pbx.test" }) });
  for (const number of ["1002", "1003"]) expect((await t.call("POST", "/api/v1/extensions", { number, name: `Desk ${number}` })).status).toBe(201);
  const office = {
    name: "office",
    schedule: { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }] },
    open: { type: "extension", target: "1002" },
    closed: { type: "extension", target: "1003" },
  };
  expect((await t.call("POST", "/api/v1/time-conditions", office)).status).toBe(201);
  t.deps.db.$client.run("INSERT INTO sounds (name, sample_rate, duration_ms, size_bytes) VALUES ('welcome', 8000, 1000, 16044)");
  const post = (body: string) =>
    t.app.request("/freeswitch/xml", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }, { requestIP: () => ({ address: "127.0.0.1" }) } as never);
  return { ...t, xml: async (body: string) => (await post(body)).text(), setNow: (iso: string) => (now = Date.parse(iso)) };
}

const menu = (fallback: unknown) => ({
  name: "main",
  greeting: "welcome",
  options: [{ digits: "1", destination: { type: "time_condition", target: "office" } }],
  fallback,
});

describe("an IVR menu sending callers to a time condition", () => {
  test("an unknown condition is 422 naming the field; deleting one a menu uses is 409 naming the menu", async () => {
    const { call } = await pbx();
    const bad = await call("POST", "/api/v1/ivr-menus", menu({ type: "time_condition", target: "ghost" }));
    expect(bad.status).toBe(422);
    expect((await read(bad)).error).toMatchObject({ field: "fallback.target", message: expect.stringContaining("time condition ghost does not exist") });
    expect((await call("POST", "/api/v1/ivr-menus", menu({ type: "time_condition", target: "office" }))).status).toBe(201);
    const refused = await call("DELETE", "/api/v1/time-conditions/office");
    expect(refused.status).toBe(409);
    expect((await read(refused)).error.message).toContain("IVR menu main");
  });

  test("a key and the fallback are decided by the clock when the caller gets there: open rings 1002, closed 1003", async () => {
    const { call, xml, setNow } = await pbx();
    expect((await call("POST", "/api/v1/ivr-menus", menu({ type: "time_condition", target: "office" }))).status).toBe(201);
    expect(await xml(ivrKey("main/1"))).toContain("user/1002@pbx.test");
    setNow("2026-12-01T23:00:00+05:00");
    const closed = await xml(ivrKey("main/fallback"));
    expect(closed).toContain("user/1003@pbx.test");
    expect(closed).not.toContain("user/1002@pbx.test");
  });
});
