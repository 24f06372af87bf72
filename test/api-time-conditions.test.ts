/**
 * /api/v1/time-conditions: business hours and where calls go while open and
 * closed; what may point at them (DIDs, other conditions) and what they may
 * point at; GET /dids/{number}/trace, the path a DID's call takes at a moment;
 * and time conditions in the PBX file.
 */
import { describe, expect, test } from "bun:test";
import { timeConditions } from "../src/db/schema.ts";
import { testApp } from "./support/deps.ts";
import { pbxApp } from "./support/pbx-file.ts";

const read = async (res: Response): Promise<any> => res.json();

const weekdays = ["mon", "tue", "wed", "thu", "fri"];
const schedule = {
  rules: [
    { days: weekdays, open: "09:00", close: "13:00" },
    { days: weekdays, open: "14:00", close: "18:00" },
  ],
  holidays: [{ date: "2027-01-01", name: "New Year" }],
};
const businessHours = { name: "business-hours", schedule, open: { type: "ring_group", target: "sales" }, closed: { type: "extension", target: "1001" } };

async function pbx() {
  const t = testApp({ now: () => Date.parse("2026-12-01T10:00:00+05:00") });
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  expect((await t.call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001", "1002"] })).status).toBe(201);
  return t;
}

describe("time conditions over REST", () => {
  test("created, read back by name, listed; the schedule comes back as written", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/time-conditions", businessHours);
    expect(res.status).toBe(201);
    const created = await read(res);
    expect(created).toMatchObject({ ...businessHours, enabled: true });
    expect(await read(await call("GET", "/api/v1/time-conditions/business-hours"))).toEqual(created);
    expect(await read(await call("GET", "/api/v1/time-conditions"))).toMatchObject({ total: 1, items: [{ name: "business-hours" }] });
    const patched = await read(await call("PATCH", "/api/v1/time-conditions/business-hours", { closed: { type: "hangup", target: "NORMAL_CLEARING" } }));
    expect(patched.closed).toEqual({ type: "hangup", target: "NORMAL_CLEARING" });
  });

  test("an unknown destination is 422 naming the field, and nothing is stored", async () => {
    const { call, deps } = await pbx();
    for (const [field, dest] of [
      ["open.target", { type: "extension", target: "4040" }],
      ["open.target", { type: "ring_group", target: "nobody" }],
      ["open.target", { type: "time_condition", target: "nothing" }],
    ] as const) {
      const res = await call("POST", "/api/v1/time-conditions", { ...businessHours, open: dest });
      expect(res.status).toBe(422);
      expect((await read(res)).error.field).toBe(field);
    }
    expect(deps.db.select().from(timeConditions).all()).toHaveLength(0);
  });

  test("a schedule that cannot be read is 422: a bad time, an empty span, a made-up day, overnight holiday hours", async () => {
    const { call } = await pbx();
    for (const bad of [
      { rules: [{ days: ["mon"], open: "9:00", close: "18:00" }] },
      { rules: [{ days: ["mon"], open: "09:00", close: "09:00" }] },
      { rules: [{ days: ["mon", "funday"], open: "09:00", close: "18:00" }] },
      { rules: [], holidays: [{ date: "2027-01-01", hours: [{ open: "22:00", close: "02:00" }] }] },
      { rules: [], holidays: [{ date: "2027-13-01" }] },
    ]) {
      const res = await call("POST", "/api/v1/time-conditions", { ...businessHours, schedule: bad });
      expect(res.status).toBe(422);
      expect((await read(res)).error.field).toStartWith("schedule.");
    }
  });

  test("a chain of conditions that comes back round is 422 with its path", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/time-conditions", { ...businessHours, name: "night", closed: { type: "extension", target: "1002" } });
    expect((await call("POST", "/api/v1/time-conditions", { ...businessHours, closed: { type: "time_condition", target: "night" } })).status).toBe(201);
    const res = await call("PATCH", "/api/v1/time-conditions/night", { open: { type: "time_condition", target: "business-hours" } });
    expect(res.status).toBe(422);
    expect((await read(res)).error.message).toContain("night → business-hours → night");
  });

  test("deleting a condition a DID or another condition points at is 409; so is deleting what it sends calls to", async () => {
    const { call } = await pbx();
    await call("POST", "/api/v1/time-conditions", businessHours);
    await call("POST", "/api/v1/time-conditions", { ...businessHours, name: "outer", open: { type: "time_condition", target: "business-hours" } });
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "time_condition", target: "outer" } })).status).toBe(201);
    const used = await call("DELETE", "/api/v1/time-conditions/outer");
    expect(used.status).toBe(409);
    expect((await read(used)).error.message).toContain("DID 998785553322");
    const inner = await call("DELETE", "/api/v1/time-conditions/business-hours");
    expect(inner.status).toBe(409);
    expect((await read(inner)).error.message).toContain("time condition outer");
    expect((await call("DELETE", "/api/v1/ring-groups/sales")).status).toBe(409);
    const ext = await call("DELETE", "/api/v1/extensions/1001");
    expect(ext.status).toBe(409);
    expect(await call("DELETE", "/api/v1/dids/998785553322")).toHaveProperty("status", 204);
    expect((await call("DELETE", "/api/v1/time-conditions/outer")).status).toBe(204);
    expect((await call("DELETE", "/api/v1/time-conditions/business-hours")).status).toBe(204);
  });

  test("a DID pointing at an unknown time condition is 422", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "time_condition", target: "nothing" } });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("destination.target");
  });

  test("writes are audited and the viewer may read but not write", async () => {
    const { call, viewer } = await pbx();
    expect((await call("POST", "/api/v1/time-conditions", businessHours, viewer)).status).toBe(403);
    await call("POST", "/api/v1/time-conditions", businessHours);
    expect((await call("GET", "/api/v1/time-conditions/business-hours", undefined, viewer)).status).toBe(200);
    const audit = await read(await call("GET", "/api/v1/audit"));
    expect(JSON.stringify(audit)).toContain("business-hours");
  });

  test("the OpenAPI document has the resource and the trace", async () => {
    const { call } = await pbx();
    const doc = await read(await call("GET", "/api/openapi.json"));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/time-conditions", "/api/v1/time-conditions/{name}", "/api/v1/dids/{number}/trace"]));
    expect(doc.components.schemas).toHaveProperty("Schedule");
    expect(doc.components.schemas).toHaveProperty("DidTrace");
  });
});

describe("GET /dids/{number}/trace", () => {
  async function traced() {
    const t = await pbx();
    await t.call("POST", "/api/v1/time-conditions", businessHours);
    await t.call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "time_condition", target: "business-hours" } });
    return t;
  }

  test("at 23:00 in Tashkent: the DID, the condition closed (no rule open), then extension 1001", async () => {
    const { call } = await traced();
    const res = await call("GET", "/api/v1/dids/998785553322/trace?at=2026-12-01T23:00:00%2B05:00");
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({
      number: "998785553322",
      at: "2026-12-01T18:00:00.000Z",
      timeZone: "Asia/Tashkent",
      chain: [
        { kind: "did", number: "998785553322", destination: { type: "time_condition", target: "business-hours" } },
        {
          kind: "time_condition",
          name: "business-hours",
          state: "closed",
          reason: { kind: "no_rule" },
          local: "2026-12-01 23:00 tue",
          destination: { type: "extension", target: "1001" },
        },
        { kind: "extension", number: "1001", record: false },
      ],
    });
  });

  test("the + of an offset typed into the URL unencoded is read as +, not as a space", async () => {
    const { call } = await traced();
    const res = await read(await call("GET", "/api/v1/dids/998785553322/trace?at=2026-12-01T23:00:00+05:00"));
    expect(res.at).toBe("2026-12-01T18:00:00.000Z");
  });

  test("on a holiday it names the holiday; in business hours it ends in the ring group; without at it is now", async () => {
    const { call } = await traced();
    const holiday = await read(await call("GET", "/api/v1/dids/+998785553322/trace?at=2027-01-01T10:00:00Z"));
    expect(holiday.chain[1]).toMatchObject({ state: "closed", reason: { kind: "holiday", date: "2027-01-01", name: "New Year" } });
    const open = await read(await call("GET", "/api/v1/dids/998785553322/trace?at=2026-12-01T10:00:00%2B05:00"));
    expect(open.chain[1]).toMatchObject({ state: "open", reason: { kind: "rule", index: 0, open: "09:00", close: "13:00" } });
    expect(open.chain[2]).toMatchObject({ kind: "ring_group", group: "sales", steps: [{ kind: "group", members: ["1001", "1002"] }] });
    const now = await read(await call("GET", "/api/v1/dids/998785553322/trace"));
    expect(now.at).toBe("2026-12-01T05:00:00.000Z");
    expect(now.chain[1].state).toBe("open");
  });

  test("an unknown DID is 404; a malformed moment is 422 naming at", async () => {
    const { call } = await traced();
    expect((await call("GET", "/api/v1/dids/998780000000/trace")).status).toBe(404);
    const bad = await call("GET", "/api/v1/dids/998785553322/trace?at=tomorrow");
    expect(bad.status).toBe(422);
    expect((await read(bad)).error.field).toBe("at");
  });

  test("a DID straight to an extension traces in two steps", async () => {
    const { call } = await traced();
    await call("PATCH", "/api/v1/dids/998785553322", { destination: { type: "extension", target: "1002" } });
    const res = await read(await call("GET", "/api/v1/dids/998785553322/trace"));
    expect(res.chain).toEqual([
      { kind: "did", number: "998785553322", destination: { type: "extension", target: "1002" } },
      { kind: "extension", number: "1002", record: false },
    ]);
  });
});

describe("time conditions in the PBX file", () => {
  const file = {
    extensions: [
      { number: "1001", name: "Dilnoza" },
      { number: "1002", name: "Bekzod" },
    ],
    // "a-day" sends closed calls to "z-night", which sorts after it: apply creates z-night first.
    timeConditions: [
      { name: "a-day", schedule, open: { type: "extension", target: "1001" }, closed: { type: "time_condition", target: "z-night" } },
      { name: "z-night", schedule: { rules: [{ days: ["sat", "sun"], open: "22:00", close: "06:00" }] }, open: { type: "extension", target: "1002" }, closed: { type: "hangup", target: "NORMAL_CLEARING" } },
    ],
    dids: [{ number: "998785553301", destination: { type: "time_condition", target: "a-day" } }],
  };

  test("apply creates a condition after the one it points at; the export reads back with no change; prune deletes in reverse", async () => {
    const pbx = pbxApp();
    const applied = await pbx.read(await pbx.apply(file));
    expect(applied.errors ?? []).toEqual([]);
    expect(applied.changes.filter((c: any) => c.kind === "timeConditions").map((c: any) => c.key)).toEqual(["z-night", "a-day"]);
    const exported = await pbx.exported();
    expect(exported).toContain("timeConditions:");
    expect((await pbx.read(await pbx.plan(exported))).changed).toBe(false);
    const pruned = await pbx.read(await pbx.apply({ extensions: file.extensions }, { prune: true }));
    expect(pruned.changes.map((c: any) => `${c.kind} ${c.key}`)).toEqual(["dids 998785553301", "timeConditions a-day", "timeConditions z-night"]);
  });

  test("a destination that does not exist is reported at its path", async () => {
    const pbx = pbxApp();
    const res = await pbx.read(await pbx.plan({ ...file, timeConditions: [{ ...file.timeConditions[0]!, open: { type: "extension", target: "4040" } }], dids: [] }));
    expect(JSON.stringify(res.errors)).toContain("timeConditions[0].open.target");
  });
});
