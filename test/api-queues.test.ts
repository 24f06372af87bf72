/**
 * /api/v1/queues and /api/v1/agents: call-centre queues over REST, what may
 * point at them and what they point at, every refusal naming its field, the
 * audit log, and the callcenter_config commands that apply each change live.
 */
import { describe, expect, test } from "bun:test";
import { testApp } from "./support/deps.ts";
import { fakeEsl } from "./live-fake-esl.ts";

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
    expect((await call("DELETE", "/api/v1/agents/1001")).status).toBe(204);
    expect(commands(esl).at(-1)).toBe("callcenter_config agent del 1001");
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

  test("a status FreeSWITCH did not hear is stored, reported pending, and applied by a module reload on reconnect", async () => {
    const { call, esl } = await pbx();
    esl.setStatus("disconnected");
    const res = await read(await call("PUT", "/api/v1/agents/1002/status", { status: "Logged Out" }));
    expect(res).toMatchObject({ status: "Logged Out", freeswitch: { applied: false, pending: true } });
    esl.setStatus("connected");
    await Bun.sleep(0);
    expect(commands(esl).at(-1)).toBe("reload mod_callcenter");
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
