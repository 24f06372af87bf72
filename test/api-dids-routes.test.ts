import { describe, expect, test } from "bun:test";
import { dids, outboundRoutes } from "../src/db/schema.ts";
import { testApp } from "./support/deps.ts";
import { fixtureBody, postXml } from "./support/xmlcurl-bodies.ts";

const read = async (res: Response): Promise<any> => res.json();

/** 1001, 1002, gateway belluz: what the DID and route tests build on. */
async function pbx() {
  const app = testApp();
  await app.call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
  await app.call("POST", "/api/v1/extensions", { number: "1002", name: "Operator 2" });
  await app.call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "belluzpass" });
  return app;
}

const did = { number: "998785553322", destination: { type: "extension", target: "1001" }, record: true };
const route = { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national" };

describe("DIDs", () => {
  test("a DID to an extension is created and read back by any of its forms", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { ...did, gateway: "belluz", description: "Main line" });
    expect(res.status).toBe(201);
    const created = await read(res);
    expect(created).toMatchObject({ number: "998785553322", gateway: "belluz", destination: { type: "extension", target: "1001" }, record: true, enabled: true });
    for (const form of ["998785553322", "+998785553322", "785553322"]) {
      const got = await call("GET", `/api/v1/dids/${encodeURIComponent(form)}`);
      expect(got.status).toBe(200);
      expect((await read(got)).number).toBe("998785553322");
    }
  });

  test("the +998 and 9-digit local forms are stored as 998 digits, and are duplicates of each other", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { ...did, number: "785553322" });
    expect((await read(res)).number).toBe("998785553322");
    const dup = await call("POST", "/api/v1/dids", { ...did, number: "+998785553322" });
    expect(dup.status).toBe(409);
    expect((await read(dup)).error.field).toBe("number");
  });

  test("a DID pointing at a missing extension is 422 naming destination.target, and nothing is stored", async () => {
    const { call, deps } = await pbx();
    const res = await call("POST", "/api/v1/dids", { ...did, destination: { type: "extension", target: "4040" } });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("destination.target");
    expect(deps.db.select().from(dids).all()).toHaveLength(0);
  });

  test("an IVR menu that does not exist is 422 naming destination.target; a destination type callboard does not have, destination.type", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { ...did, destination: { type: "ivr", target: "main" } });
    expect(res.status).toBe(422);
    const { error } = await read(res);
    expect(error).toMatchObject({ field: "destination.target", message: "destination.target: IVR menu main does not exist" });
    const bogus = await call("POST", "/api/v1/dids", { ...did, destination: { type: "voicemail", target: "1001" } });
    expect((await read(bogus)).error.field).toBe("destination.type");
  });

  test("an unknown gateway is 422 naming gateway", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { ...did, gateway: "ghost" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("gateway");
  });

  test("PATCH moves the DID to another extension; a bad PATCH changes nothing", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/dids", did);
    const moved = await call("PATCH", "/api/v1/dids/998785553322", { destination: { type: "extension", target: "1002" }, gateway: "belluz" });
    expect(moved.status).toBe(200);
    expect(await read(moved)).toMatchObject({ destination: { target: "1002" }, gateway: "belluz" });
    const bad = await call("PATCH", "/api/v1/dids/998785553322", { record: false, destination: { type: "extension", target: "4040" } });
    expect(bad.status).toBe(422);
    expect(await read(await call("GET", "/api/v1/dids/998785553322"))).toMatchObject({ record: true, destination: { target: "1002" } });
    const cleared = await call("PATCH", "/api/v1/dids/998785553322", { gateway: null });
    expect((await read(cleared)).gateway).toBeNull();
  });

  test("deleting an extension a DID points to is 409; after the DID is gone it works", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/dids", did);
    const res = await call("DELETE", "/api/v1/extensions/1001");
    expect(res.status).toBe(409);
    expect((await read(res)).error.message).toContain("998785553322");
    expect((await call("GET", "/api/v1/extensions/1001")).status).toBe(200);
    expect((await call("DELETE", "/api/v1/dids/+998785553322")).status).toBe(204);
    expect((await call("DELETE", "/api/v1/extensions/1001")).status).toBe(204);
  });
});

describe("outbound routes", () => {
  test("uz-mobile is created through belluz with its class", async () => {
    const { call, deps } = await pbx();
    const res = await call("POST", "/api/v1/outbound-routes", route);
    expect(res.status).toBe(201);
    expect(await read(res)).toMatchObject({ ...route, strip: 0, prepend: "", priority: 100, enabled: true });
    expect(deps.db.select().from(outboundRoutes).get()!.requiredClass).toBe("national");
  });

  test.each([
    ["unanchored", "998\\d{9}"],
    ["matching letters", "^.*$"],
    ["catastrophic", "^(\\d+)+$"],
    ["empty", "^$"],
    ["not compiling", "^(998$"],
  ])("a %s pattern is 422 naming pattern", async (_why, pattern) => {
    const { call, deps } = await pbx();
    const res = await call("POST", "/api/v1/outbound-routes", { ...route, pattern });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("pattern");
    expect(deps.db.select().from(outboundRoutes).all()).toHaveLength(0);
  });

  test("an unknown gateway is 422 naming gateway; a duplicate name is 409", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/outbound-routes", { ...route, gateway: "ghost" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("gateway");
    await call("POST", "/api/v1/outbound-routes", route);
    const dup = await call("POST", "/api/v1/outbound-routes", route);
    expect(dup.status).toBe(409);
    expect((await read(dup)).error.field).toBe("name");
  });

  test("PATCH changes class and priority; DELETE removes; the gateway can then go", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/outbound-routes", route);
    expect((await call("DELETE", "/api/v1/gateways/belluz")).status).toBe(409);
    const res = await call("PATCH", "/api/v1/outbound-routes/uz-mobile", { class: "international", priority: 10, strip: 3, prepend: "8" });
    expect(await read(res)).toMatchObject({ class: "international", priority: 10, strip: 3, prepend: "8" });
    expect((await call("DELETE", "/api/v1/outbound-routes/uz-mobile")).status).toBe(204);
    expect((await call("GET", "/api/v1/outbound-routes/uz-mobile")).status).toBe(404);
    expect((await call("DELETE", "/api/v1/gateways/belluz")).status).toBe(200);
  });

  test("the list is in the order the dialplan tries routes", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/outbound-routes", { ...route, name: "b-late", priority: 200 });
    await call("POST", "/api/v1/outbound-routes", { ...route, name: "z-first", priority: 5 });
    await call("POST", "/api/v1/outbound-routes", { ...route, name: "a-mid", priority: 100 });
    const { items } = await read(await call("GET", "/api/v1/outbound-routes"));
    expect(items.map((r: { name: string }) => r.name)).toEqual(["z-first", "a-mid", "b-late"]);
  });

  test("routes of equal priority are tried in the listed order (by name), not in the order they were created", async () => {
    const { app, call } = await pbx();
    await call("POST", "/api/v1/gateways", { name: "other", host: "other.uz", username: "998785550000", password: "otherpass1" });
    await call("POST", "/api/v1/outbound-routes", { ...route, name: "b-created-first" });
    await call("POST", "/api/v1/outbound-routes", { ...route, name: "a-created-second", gateway: "other" });
    const { items } = await read(await call("GET", "/api/v1/outbound-routes"));
    expect(items.map((r: { name: string }) => r.name)).toEqual(["a-created-second", "b-created-first"]);
    const xml = await (await postXml(app, fixtureBody("dialplan-default-outbound-998901234567"))).text();
    expect(xml).toContain('<extension name="out_a-created-second">');
    expect(xml).toContain('data="sofia/gateway/other/998901234567"');
  });
});
