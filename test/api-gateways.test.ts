import { describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { dids, gateways, outboundRoutes } from "../src/db/schema.ts";
import type { EslPort, EslResult } from "../src/esl/port.ts";
import type { LiveSnapshot } from "../src/esl/live-types.ts";
import { createLogger } from "../src/log.ts";
import { testApp } from "./support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();

const SECRET = "belluz-S3cret-pass";
const belluz = { name: "belluz", host: "bell.uz", username: "998785553322", password: SECRET, port: 5060, transport: "udp", register: true };

/** An ESL port that records every api command and answers from a script. */
function recordingEsl(reply: (command: string) => EslResult = () => ({ ok: true, value: "+OK\n" })) {
  const commands: string[] = [];
  const esl: EslPort = {
    api: async (command) => {
      commands.push(command);
      return reply(command);
    },
    bgapi: async () => ({ ok: false, kind: "error", message: "unexpected bgapi" }),
    onEvent: () => () => {},
    onStatus: () => () => {},
    status: () => "connected",
    close() {},
  };
  return { esl, commands };
}

describe("gateway changes reach FreeSWITCH without a restart", () => {
  test("create rescans the external profile", async () => {
    const { esl, commands } = recordingEsl();
    const { call } = testApp({ esl });
    const res = await call("POST", "/api/v1/gateways", belluz);
    expect(res.status).toBe(201);
    expect(await read(res)).toMatchObject({ name: "belluz", host: "bell.uz", hasPassword: true, freeswitch: { applied: true } });
    expect(commands).toEqual(["sofia profile external rescan"]);
  });

  test("update kills the running gateway, then rescans", async () => {
    const { esl, commands } = recordingEsl();
    const { call } = testApp({ esl });
    await call("POST", "/api/v1/gateways", belluz);
    const res = await call("PATCH", "/api/v1/gateways/belluz", { port: 5080, expireSeconds: 60 });
    expect(res.status).toBe(200);
    expect(await read(res)).toMatchObject({ port: 5080, expireSeconds: 60, freeswitch: { applied: true } });
    expect(commands).toEqual(["sofia profile external rescan", "sofia profile external killgw belluz", "sofia profile external rescan"]);
  });

  test("delete kills the gateway", async () => {
    const { esl, commands } = recordingEsl();
    const { call, deps } = testApp({ esl });
    await call("POST", "/api/v1/gateways", belluz);
    const res = await call("DELETE", "/api/v1/gateways/belluz");
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ name: "belluz", deleted: true, freeswitch: { applied: true } });
    expect(commands.at(-1)).toBe("sofia profile external killgw belluz");
    expect(deps.db.select().from(gateways).all()).toHaveLength(0);
  });

  test("FreeSWITCH being down keeps the change and says it was not applied", async () => {
    const { call, deps } = testApp();
    const res = await call("POST", "/api/v1/gateways", belluz);
    expect(res.status).toBe(201);
    expect((await read(res)).freeswitch).toEqual({ applied: false, error: "disconnected: not connected", pending: true });
    expect(deps.db.select().from(gateways).all()).toHaveLength(1);
  });

  test("changes FreeSWITCH missed are applied when the event socket comes back: killgw for each, then one rescan", async () => {
    let up = false;
    const commands: string[] = [];
    const statusListeners: ((s: "connected" | "disconnected") => void)[] = [];
    const esl: EslPort = {
      api: async (command) => {
        if (!up) return { ok: false, kind: "disconnected", message: "not connected" };
        commands.push(command);
        return { ok: true, value: "+OK\n" };
      },
      bgapi: async () => ({ ok: false, kind: "error", message: "unexpected bgapi" }),
      onEvent: () => () => {},
      onStatus: (l) => {
        statusListeners.push(l);
        return () => {};
      },
      status: () => (up ? "connected" : "disconnected"),
      close() {},
    };
    const { call } = testApp({ esl });
    expect((await call("POST", "/api/v1/gateways", belluz)).status).toBe(201);
    expect((await call("POST", "/api/v1/gateways", { ...belluz, name: "uztelecom" })).status).toBe(201);
    expect((await call("PATCH", "/api/v1/gateways/belluz", { port: 5080 })).status).toBe(200);
    expect((await call("DELETE", "/api/v1/gateways/uztelecom")).status).toBe(200);
    expect(commands).toEqual([]);

    up = true;
    // Each connect also makes FreeSWITCH forget its cached users (xml_flush_cache); these are the gateway's own commands.
    const gatewayCommands = () => commands.filter((c) => c.startsWith("sofia "));
    for (const l of statusListeners) l("connected");
    await Bun.sleep(0);
    await Bun.sleep(0);
    expect(gatewayCommands()).toEqual([
      "sofia profile external killgw belluz",
      "sofia profile external killgw uztelecom",
      "sofia profile external rescan",
    ]);
    for (const l of statusListeners) l("connected");
    await Bun.sleep(0);
    expect(gatewayCommands()).toHaveLength(3);
  });

  test("an -ERR from FreeSWITCH is reported with its text", async () => {
    const { esl } = recordingEsl(() => ({ ok: false, kind: "error", message: "Invalid profile external" }));
    const { call } = testApp({ esl });
    const res = await call("POST", "/api/v1/gateways", belluz);
    expect(res.status).toBe(201);
    expect((await read(res)).freeswitch).toEqual({ applied: false, error: "-ERR Invalid profile external" });
  });
});

describe("re-registering a gateway", () => {
  test("sends `sofia profile external register <name>`", async () => {
    const { esl, commands } = recordingEsl();
    const { call } = testApp({ esl });
    await call("POST", "/api/v1/gateways", belluz);
    const res = await call("POST", "/api/v1/gateways/belluz/register");
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ name: "belluz", reply: "+OK" });
    expect(commands.at(-1)).toBe("sofia profile external register belluz");
  });

  test("answers 503 when FreeSWITCH is not connected and 502 with its -ERR text", async () => {
    const down = testApp();
    await down.call("POST", "/api/v1/gateways", belluz);
    expect((await down.call("POST", "/api/v1/gateways/belluz/register")).status).toBe(503);

    const { esl } = recordingEsl((cmd) =>
      cmd.includes("register") ? { ok: false, kind: "error", message: "no such gateway" } : { ok: true, value: "+OK" },
    );
    const up = testApp({ esl });
    await up.call("POST", "/api/v1/gateways", belluz);
    const res = await up.call("POST", "/api/v1/gateways/belluz/register");
    expect(res.status).toBe(502);
    expect((await read(res)).error.message).toBe("-ERR no such gateway");
  });

  test("answers 504 when FreeSWITCH does not answer in time", async () => {
    const { esl } = recordingEsl((cmd) =>
      cmd.includes("register") ? { ok: false, kind: "timeout", message: "no reply within 5000 ms" } : { ok: true, value: "+OK" },
    );
    const { call } = testApp({ esl });
    await call("POST", "/api/v1/gateways", belluz);
    expect((await call("POST", "/api/v1/gateways/belluz/register")).status).toBe(504);
  });

  test("a disabled gateway is not re-registered: 409 naming enabled", async () => {
    const { esl, commands } = recordingEsl();
    const { call } = testApp({ esl });
    await call("POST", "/api/v1/gateways", { ...belluz, enabled: false });
    const res = await call("POST", "/api/v1/gateways/belluz/register");
    expect(res.status).toBe(409);
    expect((await read(res)).error.field).toBe("enabled");
    expect(commands).not.toContain("sofia profile external register belluz");
  });

  test("an unknown gateway answers 404 without asking FreeSWITCH", async () => {
    const { esl, commands } = recordingEsl();
    const { call } = testApp({ esl });
    expect((await call("POST", "/api/v1/gateways/nope/register")).status).toBe(404);
    expect(commands).toEqual([]);
  });
});

describe("gateway status", () => {
  test("comes from the live state", async () => {
    const snapshot: LiveSnapshot = {
      seq: 1,
      channels: [],
      calls: [],
      registrations: [],
      gateways: [{ name: "belluz", state: "FAIL_WAIT", pingStatus: "DOWN", lastStatus: "503 Service Unavailable", since: Date.UTC(2025, 0, 2) }],
      queueCallers: [],
      queueAgents: [],
      status: { esl: "connected" },
    };
    const { call } = testApp({ live: { snapshot: () => snapshot, subscribe: () => () => {} } });
    await call("POST", "/api/v1/gateways", belluz);
    const res = await call("GET", "/api/v1/gateways/belluz/status");
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({
      name: "belluz",
      esl: "disconnected",
      state: "FAIL_WAIT",
      pingStatus: "DOWN",
      lastStatus: "503 Service Unavailable",
      since: "2025-01-02T00:00:00.000Z",
    });
  });

  test("of a gateway not in the database is 404", async () => {
    const { call } = testApp();
    expect((await call("GET", "/api/v1/gateways/ghost/status")).status).toBe(404);
  });
});

test("the gateway password is never in a response or a log line, and is stored sealed", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { esl } = recordingEsl(() => ({ ok: false, kind: "error", message: "boom" }));
  const { call, deps } = testApp({ esl, log: createLogger("trace", sink) });
  const bodies: string[] = [];
  const keep = async (res: Response) => bodies.push(await res.text());
  await keep(await call("POST", "/api/v1/gateways", belluz));
  await keep(await call("POST", "/api/v1/gateways", belluz)); // duplicate → 409
  await keep(await call("PATCH", "/api/v1/gateways/belluz", { password: `${SECRET}-2` }));
  await keep(await call("PATCH", "/api/v1/gateways/belluz", { password: "bad$${x}pw" }));
  await keep(await call("GET", "/api/v1/gateways/belluz"));
  await keep(await call("GET", "/api/v1/gateways"));
  await keep(await call("POST", "/api/v1/gateways/belluz/register"));
  const all = bodies.join("\n") + lines.join("");
  expect(lines.length).toBeGreaterThan(0);
  expect(all).not.toContain(SECRET);
  expect(all).not.toContain("bad$${x}pw");
  const row = deps.db.select().from(gateways).get()!;
  expect(row.passwordEnc).not.toContain(SECRET);
  expect(deps.secrets.open(row.passwordEnc)).toBe(`${SECRET}-2`);
});

describe("gateway validation and references", () => {
  test("a duplicate name is 409 naming name", async () => {
    const { call } = testApp();
    await call("POST", "/api/v1/gateways", belluz);
    const res = await call("POST", "/api/v1/gateways", belluz);
    expect(res.status).toBe(409);
    expect((await read(res)).error.field).toBe("name");
  });

  test("a password carrying FreeSWITCH syntax is refused naming password", async () => {
    const { call } = testApp();
    const res = await call("POST", "/api/v1/gateways", { ...belluz, password: "$${exec(id)}" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("password");
  });

  test("a password FreeSWITCH's XML parser would alter (an entity, which ends in ';') is refused naming password; one with a bare '&' is kept as sent", async () => {
    const { call, deps } = testApp();
    for (const password of ["Pw&amp;x-1", "a&#38;b", "&lt;script"]) {
      const res = await call("POST", "/api/v1/gateways", { ...belluz, password });
      expect(res.status).toBe(422);
      expect((await read(res)).error.field).toBe("password");
    }
    expect((await call("POST", "/api/v1/gateways", { ...belluz, password: "Pw&amp&#38-1" })).status).toBe(201);
    expect(deps.secrets.open(deps.db.select().from(gateways).get()!.passwordEnc)).toBe("Pw&amp&#38-1");
  });

  test("deleting a gateway a route or a DID uses is 409 and deletes nothing", async () => {
    const { call, deps } = testApp();
    await call("POST", "/api/v1/gateways", belluz);
    const gw = deps.db.select().from(gateways).get()!;
    deps.db.insert(outboundRoutes).values({ name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gatewayId: gw.id }).run();
    const res = await call("DELETE", "/api/v1/gateways/belluz");
    expect(res.status).toBe(409);
    expect((await read(res)).error.message).toContain("uz-mobile");
    deps.db.delete(outboundRoutes).run();
    deps.db.insert(dids).values({ number: "998785553322", gatewayId: gw.id, destinationType: "extension", destinationTarget: "1001" }).run();
    const again = await call("DELETE", "/api/v1/gateways/belluz");
    expect(again.status).toBe(409);
    expect((await read(again)).error.message).toContain("998785553322");
    expect(deps.db.select().from(gateways).all()).toHaveLength(1);
  });
});
