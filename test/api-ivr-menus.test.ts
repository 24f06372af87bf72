/**
 * /api/v1/ivr-menus: menus addressed by name; what they may point at
 * (extensions, ring groups, other menus, a hang-up) and what may point at
 * them (DIDs, other menus), loops refused, every refusal naming its field.
 */
import { describe, expect, test } from "bun:test";
import { testApp } from "./support/deps.ts";
import { pbxApp } from "./support/pbx-file.ts";

const read = async (res: Response): Promise<any> => res.json();

async function pbx() {
  const t = testApp();
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Night"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  expect((await t.call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001", "1002"] })).status).toBe(201);
  t.deps.db.$client.run("INSERT INTO sounds (name, sample_rate, duration_ms, size_bytes) VALUES ('welcome', 8000, 1000, 16044)");
  return t;
}

const main = {
  name: "main",
  greeting: "welcome",
  options: [
    { digits: "1", destination: { type: "extension", target: "1003" } },
    { digits: "2", destination: { type: "ring_group", target: "sales" } },
  ],
  fallback: { type: "extension", target: "1003" },
};

describe("IVR menus over REST", () => {
  test("a menu is created with its defaults, read back, listed and patched; options keep their destinations", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/ivr-menus", main);
    expect(res.status).toBe(201);
    const created = await read(res);
    expect(created).toMatchObject({
      name: "main",
      greeting: "welcome",
      greetingShort: null,
      invalidSound: null,
      exitSound: null,
      options: main.options,
      directDial: false,
      timeoutSeconds: 5,
      maxFailures: 3,
      fallback: { type: "extension", target: "1003" },
      enabled: true,
    });
    expect(await read(await call("GET", "/api/v1/ivr-menus/main"))).toEqual(created);
    expect(await read(await call("GET", "/api/v1/ivr-menus"))).toMatchObject({ total: 1, items: [{ name: "main" }] });
    const patched = await read(await call("PATCH", "/api/v1/ivr-menus/main", { directDial: true, options: [{ digits: "0", destination: { type: "hangup" } }] }));
    expect(patched).toMatchObject({ directDial: true, options: [{ digits: "0", destination: { type: "hangup", target: "NORMAL_CLEARING" } }] });
  });

  test("a greeting that was never uploaded, an unknown destination or a sound path with .. is 422 naming the field; nothing is stored", async () => {
    const { call } = await pbx();
    const sound = await call("POST", "/api/v1/ivr-menus", { ...main, greeting: "hello" });
    expect(sound.status).toBe(422);
    expect((await read(sound)).error).toMatchObject({ field: "greeting", message: expect.stringContaining("sound hello has not been uploaded") });
    const dest = await call("POST", "/api/v1/ivr-menus", { ...main, options: [{ digits: "3", destination: { type: "ring_group", target: "nobody" } }] });
    expect((await read(dest)).error).toMatchObject({ field: "options.0.destination.target", message: "options.0.destination.target: ring group nobody does not exist" });
    const dots = await call("POST", "/api/v1/ivr-menus", { ...main, greeting: "../../etc/passwd.wav" });
    expect((await read(dots)).error.field).toBe("greeting");
    const hash = await call("POST", "/api/v1/ivr-menus", { ...main, options: [{ digits: "1#", destination: { type: "hangup" } }] });
    expect((await read(hash)).error.field).toBe("options.0.digits");
    expect((await read(await call("GET", "/api/v1/ivr-menus"))).total).toBe(0);
  });

  test("a file under FreeSWITCH's sounds dir is taken as it is", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/ivr-menus", { ...main, greeting: "en/us/callie/ivr/8000/ivr-welcome.wav" });
    expect(res.status).toBe(201);
  });

  test("menus may lead on to other menus, never back: a loop through options or fallbacks is 422", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/ivr-menus", { ...main, name: "billing" })).status).toBe(201);
    expect((await call("POST", "/api/v1/ivr-menus", { ...main, options: [{ digits: "3", destination: { type: "ivr", target: "billing" } }] })).status).toBe(201);
    const back = await call("PATCH", "/api/v1/ivr-menus/billing", { fallback: { type: "ivr", target: "main" } });
    expect(back.status).toBe(422);
    expect((await read(back)).error).toMatchObject({ field: "fallback.target", message: expect.stringContaining("billing → main → billing") });
    const self = await call("PATCH", "/api/v1/ivr-menus/main", { options: [{ digits: "9", destination: { type: "ivr", target: "main" } }] });
    expect((await read(self)).error).toMatchObject({ field: "options", message: expect.stringContaining("main → main") });
  });

  test("what a menu uses or what uses it cannot be deleted (409); a DID may point at a menu", async () => {
    const { call, app, admin } = await pbx();
    await call("POST", "/api/v1/ivr-menus", { ...main, name: "billing" });
    await call("POST", "/api/v1/ivr-menus", { ...main, options: [...main.options, { digits: "3", destination: { type: "ivr", target: "billing" } }] });
    expect((await call("POST", "/api/v1/dids", { number: "998785553310", destination: { type: "ivr", target: "main" } })).status).toBe(201);
    const did = await call("POST", "/api/v1/dids", { number: "998785553311", destination: { type: "ivr", target: "nowhere" } });
    expect((await read(did)).error.message).toBe("destination.target: IVR menu nowhere does not exist");

    expect((await read(await call("DELETE", "/api/v1/ivr-menus/main"))).error.message).toContain("destination of DID 998785553310");
    expect((await read(await call("DELETE", "/api/v1/ivr-menus/billing"))).error.message).toContain("IVR menu main");
    expect((await call("DELETE", "/api/v1/extensions/1003")).status).toBe(409);
    expect((await read(await call("DELETE", "/api/v1/ring-groups/sales"))).error.message).toContain("IVR menu billing, main");
    const sound = await app.request("/api/v1/sounds/welcome", { method: "DELETE", headers: { authorization: `Bearer ${admin}` } });
    expect(sound.status).toBe(409);
    expect((await read(sound)).error.message).toBe("sound welcome is played by IVR menu billing (greeting), IVR menu main (greeting); change those first");

    await call("DELETE", "/api/v1/dids/998785553310");
    expect((await call("DELETE", "/api/v1/ivr-menus/main")).status).toBe(204);
    expect((await call("DELETE", "/api/v1/ivr-menus/billing")).status).toBe(204);
  });

  test("an option may send callers to a queue; the queue cannot be deleted while it does", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/queues", { name: "support" })).status).toBe(201);
    const res = await call("POST", "/api/v1/ivr-menus", { ...main, options: [{ digits: "3", destination: { type: "queue", target: "support" } }] });
    expect(res.status).toBe(201);
    const missing = await call("PATCH", "/api/v1/ivr-menus/main", { fallback: { type: "queue", target: "billing" } });
    expect((await read(missing)).error).toMatchObject({ field: "fallback.target", message: "fallback.target: queue billing does not exist" });
    const del = await call("DELETE", "/api/v1/queues/support");
    expect(del.status).toBe(409);
    expect((await read(del)).error.message).toContain("IVR menu main");
  });

  test("menus are in the PBX file: the export holds them, and planning it back changes nothing", async () => {
    const t = pbxApp();
    for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Night"]] as const) await t.call("POST", "/api/v1/extensions", { number, name });
    await t.call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001", "1002"] });
    t.deps.db.$client.run("INSERT INTO sounds (name, sample_rate, duration_ms, size_bytes) VALUES ('welcome', 8000, 1000, 16044)");
    await t.call("POST", "/api/v1/ivr-menus", main);
    const file = await t.exported();
    expect(file).toContain("ivrMenus:");
    expect(file).toContain("greeting: welcome");
    const plan = await read(await t.plan(file));
    expect(plan.changed).toBe(false);
  });
});
