/**
 * A queue falling back to a time condition: what the API accepts and refuses
 * (an unknown condition, deleting a condition a queue falls back to), what
 * FreeSWITCH is told after `callcenter` returns (a transfer into context
 * `forward`), what callboard answers there (open or closed by the clock at
 * that moment), and the PBX file carrying the reference.
 */
import { describe, expect, test } from "bun:test";
import { parse, stringify } from "yaml";
import { queues } from "../src/db/schema.ts";
import { TEST_DOMAIN } from "./support/deps.ts";
import { pbxApp } from "./support/pbx-file.ts";
import { fsEncode, postXml } from "./support/xmlcurl-bodies.ts";

const read = async (res: Response): Promise<any> => res.json();
const office = {
  name: "office",
  schedule: { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }] },
  open: { type: "extension", target: "1002" },
  closed: { type: "extension", target: "1003" },
};
const support = { name: "support", maxWaitSeconds: 30, agents: [{ agent: "1001" }], fallback: { type: "time_condition", target: "office" } };

async function pbx() {
  let now = Date.parse("2026-12-01T10:00:00+05:00");
  const t = pbxApp({ now: () => now });
  const made = async (path: string, body: unknown) => expect((await t.call("POST", `/api/v1${path}`, body)).status).toBe(201);
  for (const number of ["1001", "1002", "1003"]) await made("/extensions", { number, name: `Operator ${number}` });
  await made("/agents", { extension: "1001", status: "Available" });
  await made("/time-conditions", office);
  const dialplan = async (fields: Record<string, string>) => {
    const body = Object.entries({ section: "dialplan", ...fields }).map(([k, v]) => `${k}=${fsEncode(v)}`).join("&");
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, made, dialplan, setNow: (iso: string) => (now = Date.parse(iso)) };
}

describe("a queue's time-condition fallback over REST", () => {
  test("is stored and read back; an unknown condition is 422 naming fallback.target and nothing is stored", async () => {
    const { call, deps } = await pbx();
    const bad = await call("POST", "/api/v1/queues", { ...support, fallback: { type: "time_condition", target: "ghost" } });
    expect(bad.status).toBe(422);
    expect((await read(bad)).error).toMatchObject({ field: "fallback.target", message: "fallback.target: time condition ghost does not exist" });
    expect(deps.db.select().from(queues).all()).toHaveLength(0);
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    expect((await read(await call("GET", "/api/v1/queues/support"))).fallback).toEqual({ type: "time_condition", target: "office" });
    const badName = await call("PATCH", "/api/v1/queues/support", { fallback: { type: "time_condition", target: "Office!" } });
    expect(badName.status).toBe(422);
    expect((await read(badName)).error.field).toBe("fallback.target");
  });

  test("deleting a time condition a queue falls back to is 409 naming the queue; after the queue changes it works", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    const refused = await call("DELETE", "/api/v1/time-conditions/office");
    expect(refused.status).toBe(409);
    expect((await read(refused)).error.message).toBe("time condition office is the fallback of queue support; change those first");
    expect((await call("PATCH", "/api/v1/queues/support", { fallback: { type: "hangup", target: "NO_ANSWER" } })).status).toBe(200);
    expect((await call("DELETE", "/api/v1/time-conditions/office")).status).toBe(204);
  });

  test("the OpenAPI document offers time_condition as a queue fallback", async () => {
    const { call } = await pbx();
    const doc = await read(await call("GET", "/api/openapi.json"));
    const kinds = doc.components.schemas.QueueFallback.oneOf.map((o: any) => o.properties.type.const ?? o.properties.type.enum?.[0]);
    expect(kinds).toEqual(["extension", "ring_group", "time_condition", "hangup"]);
  });
});

describe("a queue's time-condition fallback in the dialplan", () => {
  test("after callcenter returns the call is transferred into context forward, not hung up", async () => {
    const { call, dialplan } = await pbx();
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "queue", target: "support" } })).status).toBe(201);
    const xml = await dialplan({ "Caller-Context": "public", "Caller-Destination-Number": "998785553322", "Caller-Caller-ID-Number": "998901112233" });
    expect(xml).toContain(
      '<action application="answer"/><action application="callcenter" data="support"/>' + '<action application="transfer" data="time-condition-office XML forward"/>',
    );
    expect(xml).not.toContain('application="hangup"');
    expect(xml).not.toContain("gateway");
  });

  test("a queue falling back to a ring group that falls back to a time condition ends in the transfer too", async () => {
    const { call, dialplan } = await pbx();
    expect((await call("POST", "/api/v1/ring-groups", { name: "sales", members: ["1002"], fallback: { type: "time_condition", target: "office" } })).status).toBe(201);
    expect((await call("POST", "/api/v1/queues", { ...support, fallback: { type: "ring_group", target: "sales" } })).status).toBe(201);
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "queue", target: "support" } })).status).toBe(201);
    const xml = await dialplan({ "Caller-Context": "public", "Caller-Destination-Number": "998785553322" });
    expect(xml).toMatch(/<action application="callcenter" data="support"\/><action application="bridge" data="[^"]*1002[^"]*"\/><action application="transfer" data="time-condition-office XML forward"\/>/);
  });

  test("in context forward the condition is decided by the clock then: open rings 1002, closed rings 1003", async () => {
    const { dialplan, setNow } = await pbx();
    const ask = () => dialplan({ "Caller-Context": "forward", "Caller-Destination-Number": "time-condition-office" });
    expect(await ask()).toContain(`1002@${TEST_DOMAIN}`);
    setNow("2026-12-01T23:00:00+05:00");
    const closed = await ask();
    expect(closed).toContain(`1003@${TEST_DOMAIN}`);
    expect(closed).not.toContain(`1002@${TEST_DOMAIN}`);
  });
});

describe("GET /dids/{number}/trace", () => {
  test("shows the queue and the time condition its caller goes on to after the max wait", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "queue", target: "support" } })).status).toBe(201);
    const trace = await read(await call("GET", "/api/v1/dids/998785553322/trace?at=2026-12-01T23:00:00%2B05:00"));
    expect(trace.chain).toEqual([
      { kind: "did", number: "998785553322", destination: { type: "queue", target: "support" } },
      { kind: "queue", queue: "support", fallbackSteps: [], hangupCause: "NO_ANSWER", timeCondition: "office", record: false, notes: [] },
    ]);
  });
});

describe("the PBX file", () => {
  test("exports the queue's time-condition fallback, and applies it to an empty PBX in one go (the condition is created first)", async () => {
    const { call, exported } = await pbx();
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    const file = await exported();
    expect(parse(file).queues).toMatchObject([{ name: "support", fallback: { type: "time_condition", target: "office" } }]);

    const empty = pbxApp();
    const applied = await empty.apply(file);
    expect(applied.status).toBe(200);
    expect((await empty.read(await empty.call("GET", "/api/v1/queues/support"))).fallback).toEqual({ type: "time_condition", target: "office" });
    expect(await empty.exported()).toBe(file);
  });

  test("pruning deletes the queue before the condition it falls back to", async () => {
    const { call, exported, apply, read: body } = await pbx();
    expect((await call("POST", "/api/v1/queues", support)).status).toBe(201);
    const doc = parse(await exported());
    delete doc.queues;
    delete doc.timeConditions;
    const res = await apply(stringify(doc), { prune: true });
    expect(res.status).toBe(200);
    const deleted = (await body(res)).changes.map((c: any) => `${c.op} ${c.kind} ${c.key}`);
    expect(deleted.indexOf("delete queues support")).toBeGreaterThanOrEqual(0);
    expect(deleted.indexOf("delete queues support")).toBeLessThan(deleted.indexOf("delete timeConditions office"));
    expect((await call("GET", "/api/v1/time-conditions/office")).status).toBe(404);
  });
});
