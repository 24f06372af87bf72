/**
 * A ring group falling back to a time condition: what the API accepts and
 * refuses (unknown condition, loops through a condition back to the group,
 * deleting a condition a group falls back to), what FreeSWITCH is told when
 * the group gives up (a transfer into context `forward`), and what callboard
 * answers there: open or closed by the clock at that moment.
 */
import { describe, expect, test } from "bun:test";
import { ringGroups } from "../src/db/schema.ts";
import { testApp, TEST_DOMAIN } from "./support/deps.ts";
import { fsEncode, postXml } from "./support/xmlcurl-bodies.ts";

const read = async (res: Response): Promise<any> => res.json();

const weekdays = { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }] };

async function pbx() {
  let now = Date.parse("2026-12-01T10:00:00+05:00");
  const t = testApp({ now: () => now });
  for (const number of ["1001", "1002", "1003"]) expect((await t.call("POST", "/api/v1/extensions", { number, name: `Operator ${number}` })).status).toBe(201);
  const made = await t.call("POST", "/api/v1/time-conditions", {
    name: "office",
    schedule: weekdays,
    open: { type: "extension", target: "1002" },
    closed: { type: "extension", target: "1003" },
  });
  expect(made.status).toBe(201);
  const dialplan = async (fields: Record<string, string>) => {
    const body = Object.entries({ section: "dialplan", "Caller-Context": "public", ...fields }).map(([k, v]) => `${k}=${fsEncode(v)}`).join("&");
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, dialplan, setNow: (iso: string) => (now = Date.parse(iso)) };
}

describe("a ring group's time-condition fallback over REST", () => {
  test("is stored and read back; an unknown condition is 422 naming fallback.target and nothing is stored", async () => {
    const { call, deps } = await pbx();
    const bad = await call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001"], fallback: { type: "time_condition", target: "ghost" } });
    expect(bad.status).toBe(422);
    expect((await read(bad)).error).toMatchObject({ field: "fallback.target", message: expect.stringContaining("time condition ghost does not exist") });
    expect(deps.db.select().from(ringGroups).all()).toHaveLength(0);
    const ok = await call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001"], fallback: { type: "time_condition", target: "office" } });
    expect(ok.status).toBe(201);
    expect((await read(await call("GET", "/api/v1/ring-groups/sales"))).fallback).toEqual({ type: "time_condition", target: "office" });
  });

  test("a loop through a time condition back to the group is refused, from either side", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001"], fallback: { type: "time_condition", target: "office" } })).status).toBe(201);
    const fromCondition = await call("PATCH", "/api/v1/time-conditions/office", { closed: { type: "ring_group", target: "sales" } });
    expect(fromCondition.status).toBe(422);
    expect((await read(fromCondition)).error).toMatchObject({ field: "closed.target", message: expect.stringContaining("time condition office → ring group sales → time condition office") });

    expect((await call("POST", "/api/v1/ring-groups", { name: "night", members: ["1003"] })).status).toBe(201);
    expect((await call("PATCH", "/api/v1/time-conditions/office", { closed: { type: "ring_group", target: "night" } })).status).toBe(200);
    const fromGroup = await call("PATCH", "/api/v1/ring-groups/night", { fallback: { type: "time_condition", target: "office" } });
    expect(fromGroup.status).toBe(422);
    expect((await read(fromGroup)).error).toMatchObject({ field: "fallback.target", message: expect.stringContaining("ring group night → time condition office → ring group night") });
    const viaGroup = await call("PATCH", "/api/v1/ring-groups/night", { fallback: { type: "ring_group", target: "sales" } });
    expect(viaGroup.status).toBe(422);
    expect((await read(viaGroup)).error.message).toContain("ring group night → ring group sales → time condition office → ring group night");
  });

  test("deleting a time condition a group falls back to is 409 naming the group; after the group changes it works", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1001"], fallback: { type: "time_condition", target: "office" } })).status).toBe(201);
    const refused = await call("DELETE", "/api/v1/time-conditions/office");
    expect(refused.status).toBe(409);
    expect((await read(refused)).error.message).toContain("fallback of ring group sales");
    expect((await call("PATCH", "/api/v1/ring-groups/sales", { fallback: { type: "hangup", target: "NO_ANSWER" } })).status).toBe(200);
    expect((await call("DELETE", "/api/v1/time-conditions/office")).status).toBe(204);
  });
});

describe("a ring group's time-condition fallback in the dialplan", () => {
  test("after the group's bridge the call is transferred into context forward, not hung up", async () => {
    const { call, dialplan } = await pbx();
    expect((await call("POST", "/api/v1/ring-groups", { name: "sales", number: "600", members: ["1001"], fallback: { type: "time_condition", target: "office" } })).status).toBe(201);
    const xml = await dialplan({ "Caller-Context": "default", "Caller-Destination-Number": "600", variable_sip_authorized: "true", variable_user_name: "1003", "Caller-Caller-ID-Number": "1003" });
    expect(xml).toContain('application="bridge"');
    expect(xml).toContain('<action application="transfer" data="time-condition-office XML forward"/>');
    expect(xml).not.toContain('application="hangup"');
  });

  test("in context forward the condition is decided by the clock then: open rings 1002, closed rings 1003", async () => {
    const { dialplan, setNow } = await pbx();
    const ask = () => dialplan({ "Caller-Context": "forward", "Caller-Destination-Number": "time-condition-office" });
    const open = await ask();
    expect(open).toContain('<context name="forward">');
    expect(open).toContain(`1002@${TEST_DOMAIN}`);
    setNow("2026-12-01T23:00:00+05:00");
    const closed = await ask();
    expect(closed).toContain(`1003@${TEST_DOMAIN}`);
    expect(closed).not.toContain(`1002@${TEST_DOMAIN}`);
  });

  test("callboard's forward context no longer answers extension-N: nothing transfers there", async () => {
    const { dialplan } = await pbx();
    const xml = await dialplan({ "Caller-Context": "forward", "Caller-Destination-Number": "extension-1002" });
    expect(xml).not.toContain(`1002@${TEST_DOMAIN}`);
  });
});
