/**
 * /api/v1/queues and /api/v1/agents: call-centre queues over REST, what may
 * point at them and what they point at, every refusal naming its field, the
 * audit log, and the callcenter_config commands that apply each change live.
 */
import { describe, expect, test } from "bun:test";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { err, fakeEsl, ok } from "./live-fake-esl.ts";
import { until } from "./support/until.ts";

const AGENT_COLUMNS =
  "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count";
/** An agent row of `callcenter_config agent list` as FreeSWITCH 1.10.12 prints it (test/fixtures/freeswitch/esl/frames). */
const AGENT_ROW = (ext: string, status: string) =>
  `${ext}|single_box||callback|user/${ext}@${TEST_DOMAIN}|${status}|Waiting|3|10|10|10|10|0|0|0|1796191580|0|0|0|0|0`;
const QUEUE_COLUMNS =
  "name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status";

const read = async (res: Response): Promise<any> => res.json();

async function pbx() {
  const esl = fakeEsl();
  const t = testApp({ esl: esl.port });
  for (const [number, name] of [["1001", "Dilnoza"], ["1002", "Bekzod"], ["1003", "Malika"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  for (const extension of ["1001", "1002"]) expect((await t.call("POST", "/api/v1/agents", { extension, status: "Available" })).status).toBe(201);
  esl.sent.length = 0;
  return { ...t, esl };
}

const support = { name: "support", strategy: "ring-all", maxWaitSeconds: 30, agents: [{ agent: "1001" }, { agent: "1002", level: 2, position: 1 }], fallback: { type: "extension", target: "1003" } };
const commands = (esl: ReturnType<typeof fakeEsl>) => esl.sent.map((s) => s.command);

describe("queues over REST", () => {
  test("a queue is created with its defaults, loaded into FreeSWITCH, read back and listed", async () => {
    const { call, esl } = await pbx();
    const res = await call("POST", "/api/v1/queues", support);
    expect(res.status).toBe(201);
    const created = await read(res);
    expect(created).toMatchObject({
      name: "support",
      strategy: "ring-all",
      maxWaitSeconds: 30,
      noAgentMaxWaitSeconds: 0,
      fallback: { type: "extension", target: "1003" },
      agents: [
        { agent: "1001", level: 1, position: 1 },
        { agent: "1002", level: 2, position: 1 },
      ],
      enabled: true,
      freeswitch: { applied: true },
    });
    expect(commands(esl)).toEqual(["callcenter_config queue reload support"]);
    const { freeswitch: _, ...stored } = created;
    expect(await read(await call("GET", "/api/v1/queues/support"))).toEqual(stored);
    expect(await read(await call("GET", "/api/v1/queues"))).toMatchObject({ total: 1, items: [{ name: "support" }] });
    expect(await read(await call("GET", "/api/v1/agents/1001"))).toMatchObject({ extension: "1001", status: "Available", queues: ["support"] });
  });

  test("refusals name the field: an extension that is not an agent, an unknown fallback, a bad strategy", async () => {
    const { call } = await pbx();
    const notAgent = await call("POST", "/api/v1/queues", { ...support, agents: [{ agent: "1003" }] });
    expect(notAgent.status).toBe(422);
    expect((await read(notAgent)).error.field).toBe("agents.0.agent");
    const fallback = await call("POST", "/api/v1/queues", { ...support, fallback: { type: "ring_group", target: "nowhere" } });
    expect(fallback.status).toBe(422);
    expect((await read(fallback)).error.field).toBe("fallback.target");
    const strategy = await call("POST", "/api/v1/queues", { ...support, strategy: "random" });
    expect(strategy.status).toBe(422);
    expect((await read(strategy)).error.field).toBe("strategy");
    expect((await read(await call("GET", "/api/v1/queues"))).total).toBe(0);
  });

  test("PATCH replaces the agents: FreeSWITCH drops the removed tier and reloads the queue", async () => {
    const { call, esl } = await pbx();
    await call("POST", "/api/v1/queues", support);
    esl.sent.length = 0;
    const res = await call("PATCH", "/api/v1/queues/support", { agents: [{ agent: "1002" }], strategy: "top-down" });
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ strategy: "top-down", agents: [{ agent: "1002", level: 1, position: 1 }] });
    expect(commands(esl)).toEqual(["callcenter_config tier del support 1001", "callcenter_config queue reload support"]);
  });

  test("a DID may point at a queue; the queue, its agents and its fallback cannot be deleted while in use (409)", async () => {
    const { call, esl } = await pbx();
    await call("POST", "/api/v1/queues", support);
    expect((await call("POST", "/api/v1/dids", { number: "998785553301", destination: { type: "queue", target: "support" } })).status).toBe(201);
    expect((await call("DELETE", "/api/v1/queues/support")).status).toBe(409);
    expect((await call("DELETE", "/api/v1/agents/1001")).status).toBe(409);
    expect((await call("DELETE", "/api/v1/extensions/1001")).status).toBe(409);
    expect((await call("DELETE", "/api/v1/extensions/1003")).status).toBe(409);
    expect((await call("DELETE", "/api/v1/dids/998785553301")).status).toBe(204);
    esl.sent.length = 0;
    const deleted = await call("DELETE", "/api/v1/queues/support");
    expect(deleted.status).toBe(200);
    expect(commands(esl)).toEqual([
      "callcenter_config tier del support 1001",
      "callcenter_config tier del support 1002",
      "callcenter_config queue unload support",
    ]);
    const agent = await call("DELETE", "/api/v1/agents/1001");
    expect(agent.status).toBe(200);
    expect(await read(agent)).toEqual({ extension: "1001", deleted: true, freeswitch: { applied: true } });
    expect(esl.sent.at(-1)).toEqual({ kind: "bgapi", command: "callcenter_config agent del 1001", timeout: 5000 });
  });

  test("an unknown queue is not a DID destination", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/dids", { number: "998785553301", destination: { type: "queue", target: "nowhere" } });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("destination.target");
  });
});

describe("agents over REST", () => {
  test("an agent's status is set live with callcenter_config, audited, and needs no reload", async () => {
    const { call, esl } = await pbx();
    const res = await call("PUT", "/api/v1/agents/1001/status", { status: "On Break" });
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ extension: "1001", status: "On Break", freeswitch: { applied: true } });
    expect(commands(esl)).toEqual(["callcenter_config agent set status 1001 'On Break'"]);
    const audit = await read(await call("GET", "/api/v1/audit"));
    expect(audit.items[0]).toMatchObject({ action: "PUT /api/v1/agents/1001/status" });
    expect(JSON.stringify(audit.items[0].changes)).toContain("On Break");
  });

  test("a status FreeSWITCH did not hear is stored, reported pending, and reconciled on reconnect: only that agent's status is sent", async () => {
    const { call, esl } = await pbx();
    await call("POST", "/api/v1/queues", support);
    esl.setStatus("disconnected");
    const res = await read(await call("PUT", "/api/v1/agents/1002/status", { status: "Logged Out" }));
    expect(res).toMatchObject({ status: "Logged Out", freeswitch: { applied: false, pending: true } });
    // FreeSWITCH as it was before the change: both agents Available, in support.
    esl.answers["callcenter_config agent list"] = ok(`${AGENT_COLUMNS}\n${AGENT_ROW("1001", "Available")}\n${AGENT_ROW("1002", "Available")}\n+OK\n`);
    esl.answers["callcenter_config tier list"] = ok("queue|agent|state|level|position\nsupport|1001|Ready|1|1\nsupport|1002|Ready|2|1\n+OK\n");
    esl.answers["callcenter_config queue list"] = ok(`${QUEUE_COLUMNS}\nsupport|ring-all|tone_stream://%(2000,4000,440,480);loops=-1|system|false|0|false|true|60|false|30|0|0||0|0|0|true|On Break\n+OK\n`);
    esl.sent.length = 0;
    esl.setStatus("connected");
    await until("the reconcile sent the status", () => commands(esl).includes("callcenter_config agent set status 1002 'Logged Out'"));
    // The connect also flushes FreeSWITCH's user cache (xml_flush_cache): not the queues' business.
    expect(commands(esl).filter((c) => c.startsWith("callcenter_config"))).toEqual([
      "callcenter_config agent list",
      "callcenter_config tier list",
      "callcenter_config queue list",
      "callcenter_config agent set status 1002 'Logged Out'",
    ]);
  });

  test("a status FreeSWITCH refused (-ERR) is reported pending too: a reconcile will make it up", async () => {
    const { call, esl } = await pbx();
    esl.answers["callcenter_config agent set status 1001 'On Break'"] = err("Agent not found!");
    const res = await read(await call("PUT", "/api/v1/agents/1001/status", { status: "On Break" }));
    expect(res).toMatchObject({ status: "On Break", freeswitch: { applied: false, error: "-ERR Agent not found!", pending: true } });
  });

  test("PATCH of status and wrap-up is one write with one audit entry; FreeSWITCH is told after it", async () => {
    const { call, esl } = await pbx();
    const res = await call("PATCH", "/api/v1/agents/1001", { status: "On Break", wrapUpSeconds: 30 });
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ status: "On Break", wrapUpSeconds: 30, freeswitch: { applied: true } });
    expect(commands(esl)).toEqual(["callcenter_config agent set status 1001 'On Break'", "callcenter_config agent reload 1001"]);
    const audit = (await read(await call("GET", "/api/v1/audit"))).items.filter((e: { action: string }) => e.action === "PATCH /api/v1/agents/1001");
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toEqual([
      {
        op: "update",
        kind: "agents",
        key: "1001",
        changes: [
          { field: "status", from: "Available", to: "On Break" },
          { field: "wrapUpSeconds", from: 10, to: 30 },
        ],
      },
    ]);
  });

  test("PATCH of an agent that is gone is 404 with nothing stored, audited or sent", async () => {
    const { call, esl } = await pbx();
    const before = (await read(await call("GET", "/api/v1/audit"))).total;
    const res = await call("PATCH", "/api/v1/agents/1003", { status: "On Break", wrapUpSeconds: 30 });
    expect(res.status).toBe(404);
    expect((await read(await call("GET", "/api/v1/audit"))).total).toBe(before);
    expect(commands(esl)).toEqual([]);
  });

  test("PATCH that changes nothing writes nothing and sends nothing", async () => {
    const { call, esl } = await pbx();
    const before = (await read(await call("GET", "/api/v1/audit"))).total;
    expect(await read(await call("PATCH", "/api/v1/agents/1001", { status: "Available", wrapUpSeconds: 10 }))).toMatchObject({ freeswitch: { applied: true } });
    expect((await read(await call("GET", "/api/v1/audit"))).total).toBe(before);
    expect(commands(esl)).toEqual([]);
  });

  test("DELETE answers whether mod_callcenter dropped the agent", async () => {
    const { call, esl } = await pbx();
    esl.answers["callcenter_config agent del 1002"] = { ok: false, kind: "timeout", message: "no reply in 5000 ms" };
    const res = await call("DELETE", "/api/v1/agents/1002");
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ extension: "1002", deleted: true, freeswitch: { applied: false, error: "timeout: no reply in 5000 ms", pending: true } });
    expect((await call("GET", "/api/v1/agents/1002")).status).toBe(404);
  });

  test("an agent must be an extension, once; a bad status names the field", async () => {
    const { call } = await pbx();
    const unknown = await call("POST", "/api/v1/agents", { extension: "1999" });
    expect(unknown.status).toBe(422);
    expect((await read(unknown)).error.field).toBe("extension");
    expect((await call("POST", "/api/v1/agents", { extension: "1001" })).status).toBe(409);
    const bad = await call("PUT", "/api/v1/agents/1001/status", { status: "Sleeping" });
    expect(bad.status).toBe(422);
    expect((await read(bad)).error.field).toBe("status");
  });

  test("viewers read agents but cannot change a status", async () => {
    const { call, viewer } = await pbx();
    expect((await call("GET", "/api/v1/agents", undefined, viewer)).status).toBe(200);
    expect((await call("PUT", "/api/v1/agents/1001/status", { status: "Available" }, viewer)).status).toBe(403);
  });
});
