import { describe, expect, test } from "bun:test";
import { testApp } from "./support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();

describe("GET /api/v1/audit: who changed what, when", () => {
  test("REST writes are recorded with the token's name, the time and the diff, newest first", async () => {
    let clock = Date.parse("2026-03-01T09:00:00Z");
    const { call } = testApp({ now: () => clock });
    await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
    clock += 60_000;
    await call("PATCH", "/api/v1/extensions/1001", { name: "Operator One", record: true, maxRegistrations: 3 });
    clock += 60_000;
    await call("DELETE", "/api/v1/extensions/1001");
    const page = await read(await call("GET", "/api/v1/audit"));
    expect(page.total).toBe(3);
    expect(page.items.map((e: any) => [e.actor, e.at, e.action, e.summary])).toEqual([
      ["test-admin", "2026-03-01T09:02:00.000Z", "DELETE /api/v1/extensions/1001", "deleted extension 1001"],
      ["test-admin", "2026-03-01T09:01:00.000Z", "PATCH /api/v1/extensions/1001", "changed extension 1001: name, record"],
      ["test-admin", "2026-03-01T09:00:00.000Z", "POST /api/v1/extensions", "created extension 1001"],
    ]);
    expect(page.items[1].changes).toEqual([
      {
        op: "update",
        kind: "extensions",
        key: "1001",
        changes: [
          { field: "name", from: "Operator 1", to: "Operator One" },
          { field: "record", from: false, to: true },
        ],
      },
    ]);
  });

  test("a credential change is recorded as changed, never with its value", async () => {
    const { call } = testApp();
    const created = await read(await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" }));
    const reset = await read(await call("POST", "/api/v1/extensions/1001/reset-password"));
    await call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "u", password: "first-Pass-1" });
    await call("PATCH", "/api/v1/gateways/belluz", { password: "second-Pass-2" });
    await call("PATCH", "/api/v1/gateways/belluz", { password: "second-Pass-2" });
    const text = JSON.stringify(await read(await call("GET", "/api/v1/audit")));
    for (const secret of [created.password, reset.password, "first-Pass-1", "second-Pass-2"]) expect(text).not.toContain(secret);
    const items = JSON.parse(text).items;
    expect(items.map((e: any) => e.summary)).toEqual([
      "changed gateway belluz: password",
      "created gateway belluz",
      "changed extension 1001: a1Hash",
      "created extension 1001",
    ]);
  });

  test("writes that change nothing, or are refused, record nothing", async () => {
    const { call } = testApp();
    await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
    await call("PATCH", "/api/v1/extensions/1001", { name: "Operator 1" });
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "extension", target: "1099" } })).status).toBe(422);
    expect((await call("POST", "/api/v1/extensions", { number: "1001", name: "Again" })).status).toBe(409);
    expect((await read(await call("GET", "/api/v1/audit"))).total).toBe(1);
  });

  test("every configuration resource is recorded: gateways, DIDs (by stored number) and outbound routes", async () => {
    const { call } = testApp();
    await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
    await call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "u", password: "first-Pass-1" });
    await call("POST", "/api/v1/dids", { number: "+998785553322", destination: { type: "extension", target: "1001" } });
    await call("PATCH", "/api/v1/dids/785553322", { gateway: "belluz" });
    await call("POST", "/api/v1/outbound-routes", { name: "uz", pattern: "^(998\\d{9})$", gateway: "belluz" });
    await call("DELETE", "/api/v1/outbound-routes/uz");
    await call("DELETE", "/api/v1/dids/998785553322");
    await call("DELETE", "/api/v1/gateways/belluz");
    const page = await read(await call("GET", "/api/v1/audit"));
    expect(page.items.map((e: any) => e.summary).reverse()).toEqual([
      "created extension 1001",
      "created gateway belluz",
      "created DID 998785553322",
      "changed DID 998785553322: gateway",
      "created outbound route uz",
      "deleted outbound route uz",
      "deleted DID 998785553322",
      "deleted gateway belluz",
    ]);
  });

  test("viewers may read the audit log; it pages like every list", async () => {
    const { call, viewer } = testApp();
    for (const n of ["1001", "1002", "1003"]) await call("POST", "/api/v1/extensions", { number: n, name: `Op ${n}` });
    const page = await read(await call("GET", "/api/v1/audit?limit=2&offset=1", undefined, viewer));
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.items.map((e: any) => e.summary)).toEqual(["created extension 1002", "created extension 1001"]);
  });
});
