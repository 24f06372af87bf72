/**
 * /api/v1/ring-groups: numbers that ring several extensions, addressed by
 * name; what may point at them (DIDs, other groups) and what they may point
 * at (extensions, other groups, a hang-up), and every refusal naming its field.
 */
import { describe, expect, test } from "bun:test";
import { ringGroupMembers, ringGroups } from "../src/db/schema.ts";
import { testApp } from "./support/deps.ts";
import { pbxApp } from "./support/pbx-file.ts";

const read = async (res: Response): Promise<any> => res.json();

async function pbx() {
  const t = testApp();
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Malika"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  return t;
}

const sales = { name: "sales", number: "600", members: ["1001", "1002"], callerIdNamePrefix: "Sales - ", fallback: { type: "extension", target: "1003" } };

describe("ring groups over REST", () => {
  test("a group is created with its defaults, read back by name, listed, and its members keep their order", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/ring-groups", { ...sales, members: ["1002", "1001"] });
    expect(res.status).toBe(201);
    const created = await read(res);
    expect(created).toMatchObject({
      name: "sales",
      number: "600",
      strategy: "simultaneous",
      members: ["1002", "1001"],
      ringSeconds: 20,
      timeoutSeconds: 60,
      fallback: { type: "extension", target: "1003" },
      callerIdNamePrefix: "Sales - ",
      enabled: true,
    });
    expect(await read(await call("GET", "/api/v1/ring-groups/sales"))).toEqual(created);
    const page = await read(await call("GET", "/api/v1/ring-groups"));
    expect(page).toMatchObject({ total: 1, items: [{ name: "sales", members: ["1002", "1001"] }] });
  });

  test("without a fallback the group hangs up with NO_ANSWER; a hang-up cause may be chosen", async () => {
    const { call } = await pbx();
    const plain = await read(await call("POST", "/api/v1/ring-groups", { name: "plain", members: ["1001"] }));
    expect(plain).toMatchObject({ number: null, callerIdNamePrefix: null, fallback: { type: "hangup", target: "NO_ANSWER" } });
    const busy = await call("POST", "/api/v1/ring-groups", { name: "busy", members: ["1001"], fallback: { type: "hangup", target: "USER_BUSY" } });
    expect((await read(busy)).fallback).toEqual({ type: "hangup", target: "USER_BUSY" });
    const bogus = await call("POST", "/api/v1/ring-groups", { name: "bogus", members: ["1001"], fallback: { type: "hangup", target: "MANAGER_REQUEST" } });
    expect(bogus.status).toBe(422);
    expect((await read(bogus)).error.field).toBe("fallback.target");
  });

  test("an unknown member or fallback is 422 naming the field, and nothing is stored", async () => {
    const { call, deps } = await pbx();
    const member = await call("POST", "/api/v1/ring-groups", { ...sales, members: ["1001", "4040"] });
    expect(member.status).toBe(422);
    expect((await read(member)).error).toMatchObject({ field: "members.1", message: "members.1: extension 4040 does not exist" });
    const ext = await call("POST", "/api/v1/ring-groups", { ...sales, fallback: { type: "extension", target: "4040" } });
    expect((await read(ext)).error.field).toBe("fallback.target");
    const group = await call("POST", "/api/v1/ring-groups", { ...sales, fallback: { type: "ring_group", target: "ghost" } });
    expect(group.status).toBe(422);
    expect((await read(group)).error.message).toContain("ring group ghost does not exist");
    const twice = await call("POST", "/api/v1/ring-groups", { ...sales, members: ["1001", "1001"] });
    expect((await read(twice)).error.field).toBe("members");
    expect(deps.db.select().from(ringGroups).all()).toHaveLength(0);
    expect(deps.db.select().from(ringGroupMembers).all()).toHaveLength(0);
  });

  test("loops between groups are refused, a group falling back to itself included; a chain is fine", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/ring-groups", { name: "night", members: ["1003"] })).status).toBe(201);
    expect((await call("POST", "/api/v1/ring-groups", { name: "support", members: ["1002"], fallback: { type: "ring_group", target: "night" } })).status).toBe(201);
    expect((await call("POST", "/api/v1/ring-groups", { ...sales, fallback: { type: "ring_group", target: "support" } })).status).toBe(201);
    const loop = await call("PATCH", "/api/v1/ring-groups/night", { fallback: { type: "ring_group", target: "sales" } });
    expect(loop.status).toBe(422);
    expect((await read(loop)).error).toMatchObject({ field: "fallback.target", message: expect.stringContaining("night → sales → support → night") });
    const self = await call("PATCH", "/api/v1/ring-groups/night", { fallback: { type: "ring_group", target: "night" } });
    expect(self.status).toBe(422);
    expect((await read(await call("GET", "/api/v1/ring-groups/night"))).fallback).toEqual({ type: "hangup", target: "NO_ANSWER" });
  });

  test("a group's number is dialled like an extension's: it may not be one, and an extension may not take it", async () => {
    const { call } = await pbx();
    const clash = await call("POST", "/api/v1/ring-groups", { ...sales, number: "1001" });
    expect(clash.status).toBe(409);
    expect((await read(clash)).error.field).toBe("number");
    expect((await call("POST", "/api/v1/ring-groups", sales)).status).toBe(201);
    const again = await call("POST", "/api/v1/ring-groups", { ...sales, name: "sales2" });
    expect(again.status).toBe(409);
    expect((await read(again)).error).toMatchObject({ field: "number", message: "number 600 is ring group sales's" });
    const ext = await call("POST", "/api/v1/extensions", { number: "600", name: "Not a group" });
    expect(ext.status).toBe(409);
    expect((await read(ext)).error.field).toBe("number");
    expect((await call("POST", "/api/v1/ring-groups", { ...sales, name: "dup" , number: null })).status).toBe(201);
    expect((await call("POST", "/api/v1/ring-groups", sales)).status).toBe(409);
  });

  test("PATCH replaces the member list and changes only what it names; a bad PATCH changes nothing", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/ring-groups", sales);
    const moved = await call("PATCH", "/api/v1/ring-groups/sales", { members: ["1003", "1001"], strategy: "sequential", ringSeconds: 15 });
    expect(moved.status).toBe(200);
    expect(await read(moved)).toMatchObject({ members: ["1003", "1001"], strategy: "sequential", ringSeconds: 15, number: "600", callerIdNamePrefix: "Sales - " });
    const bad = await call("PATCH", "/api/v1/ring-groups/sales", { members: ["1002"], fallback: { type: "extension", target: "4040" } });
    expect(bad.status).toBe(422);
    expect((await read(await call("GET", "/api/v1/ring-groups/sales"))).members).toEqual(["1003", "1001"]);
    expect((await call("PATCH", "/api/v1/ring-groups/nosuch", { enabled: false })).status).toBe(404);
  });

  test.each([
    ["name", { name: "Sales Team" }],
    ["name", { name: "sales${x}" }],
    ["members.0", { members: ["10a1"] }],
    ["members", { members: [] }],
    ["strategy", { strategy: "round_robin" }],
    ["ringSeconds", { ringSeconds: 0 }],
    ["timeoutSeconds", { timeoutSeconds: 3601 }],
    ["callerIdNamePrefix", { callerIdNamePrefix: "Sales ${caller_id_name}" }],
    ["callerIdNamePrefix", { callerIdNamePrefix: 'Sales" <X-PRE-PROCESS cmd="exec"' }],
    ["callerIdNamePrefix", { callerIdNamePrefix: "Sales,|" }],
    ["callerIdNamePrefix", { callerIdNamePrefix: "Sales\n" }],
    ["callerIdNamePrefix", { callerIdNamePrefix: "Sales: " }],
    ["callerIdNamePrefix", { callerIdNamePrefix: "sales@" }],
    ["fallback.type", { fallback: { type: "gateway", target: "belluz" } }],
    ["fallback.target", { fallback: { type: "extension", target: "998901234567" } }],
    ["number", { number: "+998785553322" }],
    ["colour", { colour: "red" }],
  ])("a hostile or malformed %s is 422 naming it", async (field, change) => {
    const { call, deps } = await pbx();
    const res = await call("POST", "/api/v1/ring-groups", { ...sales, ...change });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe(field);
    expect(deps.db.select().from(ringGroups).all()).toHaveLength(0);
  });

  test("a viewer may read ring groups but not write them", async () => {
    const { call, viewer } = await pbx();
    await call("POST", "/api/v1/ring-groups", sales);
    expect((await call("GET", "/api/v1/ring-groups/sales", undefined, viewer)).status).toBe(200);
    expect((await call("POST", "/api/v1/ring-groups", { ...sales, name: "x", number: null }, viewer)).status).toBe(403);
    expect((await call("DELETE", "/api/v1/ring-groups/sales", undefined, viewer)).status).toBe(403);
  });

  test("every write is in the audit log, as a plan shows it", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/ring-groups", sales);
    await call("PATCH", "/api/v1/ring-groups/sales", { ringSeconds: 25 });
    await call("DELETE", "/api/v1/ring-groups/sales");
    const { items } = await read(await call("GET", "/api/v1/audit"));
    expect(items.map((e: any) => e.summary).slice(0, 3)).toEqual(["deleted ring group sales", "changed ring group sales: ringSeconds", "created ring group sales"]);
  });
});

describe("what refers to a ring group", () => {
  const toSales = { number: "998785553322", destination: { type: "ring_group", target: "sales" } };

  test("a DID may point at a ring group; at a missing one it is 422 naming destination.target", async () => {
    const { call } = await pbx();
    const missing = await call("POST", "/api/v1/dids", toSales);
    expect(missing.status).toBe(422);
    expect((await read(missing)).error).toMatchObject({ field: "destination.target", message: "destination.target: ring group sales does not exist" });
    await call("POST", "/api/v1/ring-groups", sales);
    const res = await call("POST", "/api/v1/dids", toSales);
    expect(res.status).toBe(201);
    expect((await read(res)).destination).toEqual({ type: "ring_group", target: "sales" });
  });

  test("deleting a group a DID points at is 409 naming the DID; after the DID moves it works", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/ring-groups", sales);
    await call("POST", "/api/v1/dids", toSales);
    const res = await call("DELETE", "/api/v1/ring-groups/sales");
    expect(res.status).toBe(409);
    expect((await read(res)).error.message).toContain("DID 998785553322");
    await call("PATCH", "/api/v1/dids/998785553322", { destination: { type: "extension", target: "1001" } });
    expect((await call("DELETE", "/api/v1/ring-groups/sales")).status).toBe(204);
    expect((await call("GET", "/api/v1/ring-groups/sales")).status).toBe(404);
  });

  test("deleting a group another group falls back to is 409 naming that group", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/ring-groups", { name: "night", members: ["1003"] });
    await call("POST", "/api/v1/ring-groups", { ...sales, fallback: { type: "ring_group", target: "night" } });
    const res = await call("DELETE", "/api/v1/ring-groups/night");
    expect(res.status).toBe(409);
    expect((await read(res)).error.message).toContain("fallback of ring group sales");
  });

  test("deleting an extension that rings in a group or is its fallback is 409 naming the group", async () => {
    const { call, deps } = await pbx();
    await call("POST", "/api/v1/ring-groups", sales);
    for (const number of ["1001", "1003"]) {
      const res = await call("DELETE", `/api/v1/extensions/${number}`);
      expect(res.status).toBe(409);
      expect((await read(res)).error.message).toContain("ring group sales");
    }
    await call("PATCH", "/api/v1/ring-groups/sales", { members: ["1002"] });
    expect((await call("DELETE", "/api/v1/extensions/1001")).status).toBe(204);
    expect(deps.db.select().from(ringGroupMembers).all().map((m) => m.extensionNumber)).toEqual(["1002"]);
  });
});

describe("ring groups in the PBX file", () => {
  const file = {
    extensions: [
      { number: "1001", name: "Dilnoza" },
      { number: "1002", name: "Bekzod" },
    ],
    // "a-sales" falls back to "z-night", which sorts after it: apply creates z-night first.
    ringGroups: [
      { name: "a-sales", number: "600", members: ["1001", "1002"], fallback: { type: "ring_group", target: "z-night" }, callerIdNamePrefix: "Sales - " },
      { name: "z-night", strategy: "sequential", members: ["1002"] },
    ],
    dids: [{ number: "998785553301", destination: { type: "ring_group", target: "a-sales" } }],
  };

  test("apply creates a group after the group it falls back to; the export reads back with no change", async () => {
    const pbx = pbxApp();
    const applied = await pbx.read(await pbx.apply(file));
    expect(applied.errors ?? []).toEqual([]);
    const created = applied.changes.filter((c: any) => c.kind === "ringGroups").map((c: any) => c.key);
    expect(created).toEqual(["z-night", "a-sales"]);
    expect(await pbx.read(await pbx.call("GET", "/api/v1/ring-groups/a-sales"))).toMatchObject({ members: ["1001", "1002"], fallback: { type: "ring_group", target: "z-night" } });
    const exported = await pbx.exported();
    expect(exported).toContain("ringGroups:");
    expect((await pbx.read(await pbx.plan(exported))).changed).toBe(false);
  });

  test("--prune deletes the DID, then the group that falls back, then its fallback", async () => {
    const pbx = pbxApp();
    await pbx.apply(file);
    const res = await pbx.read(await pbx.apply({ extensions: file.extensions }, { prune: true }));
    expect(res.changes.map((c: any) => `${c.kind} ${c.key}`)).toEqual(["dids 998785553301", "ringGroups a-sales", "ringGroups z-night"]);
  });

  test("a file member that does not exist is reported at its path", async () => {
    const pbx = pbxApp();
    const res = await pbx.read(await pbx.plan({ ...file, ringGroups: [{ name: "x", members: ["4040"] }], dids: [] }));
    expect(JSON.stringify(res.errors)).toContain("ringGroups[0].members.0");
  });
});
