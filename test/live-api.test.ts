import { describe, expect, test } from "bun:test";
import { extensions, gateways, outboundRoutes } from "../src/db/schema.ts";
import { emptyLiveState, type LiveState, reduceLive } from "../src/esl/live-state.ts";
import type { LiveView } from "../src/esl/live-types.ts";
import type { EslEvent, EslResult } from "../src/esl/port.ts";
import { transcriptEvents } from "./support/esl-transcript.ts";
import { testApp, testConfig } from "./support/deps.ts";
import { err, fakeEsl, ok } from "./live-fake-esl.ts";

const NOW = 1_795_344_330_000;
const A_LEG = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";
const B_LEG = "259eac22-5af3-49bd-aec0-8371185f84f6";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The Cyrillic session replayed up to the moment the call is bridged (1001 registered, two legs up). */
function liveMidCall(stopAt: (e: EslEvent) => boolean): LiveView {
  let state: LiveState = emptyLiveState("connected");
  for (const e of transcriptEvents("json-ALL-registration-and-call-cyrillic")) {
    state = reduceLive(state, e, NOW - 10_000).state;
    if (stopAt(e)) break;
  }
  const snap = {
    seq: 42,
    channels: [...state.channels.values()],
    calls: [...state.calls.values()],
    registrations: [...state.registrations.values()],
    gateways: [...state.gateways.values()],
    queueCallers: [...state.queueCallers.values()],
    queueAgents: [...state.queueAgents.values()],
    status: state.status,
  };
  return { snapshot: () => snap, subscribe: () => () => {} };
}

/** Response bodies as the tests read them. */
const readJson = async (res: Response): Promise<any> => res.json();

const bridged = (e: EslEvent) => e.name === "CHANNEL_BRIDGE";

function setup(answers: Record<string, EslResult> = {}, live = liveMidCall(bridged)) {
  const esl = fakeEsl(answers);
  const t = testApp({ esl: esl.port, live, now: () => NOW, config: testConfig({ CALLBOARD_RECORDINGS_DIR: "/var/lib/callboard/rec" }) });
  const db = t.deps.db;
  db.insert(extensions).values([
    { number: "1001", name: "Operator", a1Hash: "x", realm: "call.example.uz", outboundClass: "national" },
    { number: "1002", name: "Desk", a1Hash: "x", realm: "call.example.uz", outboundClass: "internal" },
  ]).run();
  const gw = db.insert(gateways).values({ name: "belluz", host: "sip.bell.uz", username: "u", passwordEnc: t.deps.secrets.seal("p") }).returning().get();
  db.insert(outboundRoutes)
    .values({ name: "mobile", pattern: "^\\+?(998\\d{9})$", gatewayId: gw.id, requiredClass: "national", callerIdNumber: "998785553322" })
    .run();
  return { ...t, esl };
}

describe("reading the live state", () => {
  test("GET /calls shows the bridged call with the Cyrillic caller name", async () => {
    const { call } = setup();
    const res = await call("GET", "/api/v1/calls");
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ total: 1, seq: 42, items: [{ id: A_LEG, legs: [A_LEG, B_LEG], from: "1001", fromName: "Оператор Qo'ng'iroq", to: "1002", state: "active" }] });
  });

  test("GET /channels and /registrations list legs and phones; a viewer token may read", async () => {
    const { call, viewer } = setup();
    const channels = await readJson(await call("GET", "/api/v1/channels", undefined, viewer));
    expect(channels.items.map((c: { uuid: string }) => c.uuid)).toEqual([A_LEG, B_LEG]);
    const regs = await readJson(await call("GET", "/api/v1/registrations", undefined, viewer));
    expect(regs.items).toMatchObject([{ user: "1001", networkIp: "127.0.0.1", networkPort: 5061, expiresAt: NOW - 10_000 + 3600_000 }]);
  });

  test("GET /status says whether FreeSWITCH is connected", async () => {
    const { call } = setup();
    expect(await readJson(await call("GET", "/api/v1/status"))).toMatchObject({ esl: "connected", version: "1.10.12-release", sessions: 0 });
  });

  test("GET /gateways/{name}/status shows the 503 behind FAIL_WAIT; an unknown gateway is 404", async () => {
    const { call } = setup({}, liveMidCall(() => false));
    expect(await readJson(await call("GET", "/api/v1/gateways/belluz/status"))).toMatchObject({ state: "FAIL_WAIT", lastStatus: "503 Service Unavailable" });
    expect((await call("GET", "/api/v1/gateways/nope/status")).status).toBe(404);
  });

  test("the events path without an upgrade is refused with 426", async () => {
    const { call } = setup();
    expect((await call("GET", "/api/v1/events")).status).toBe(426);
  });
});

describe("click-to-call", () => {
  test("sends exactly the documented originate and answers 202 with the call's uuid at once", async () => {
    const { call, esl } = setup();
    const res = await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567" });
    expect(res.status).toBe(202);
    const { uuid } = await readJson(res);
    expect(uuid).toMatch(UUID_RE);
    expect(res.headers.get("location")).toBe(`/api/v1/calls/${uuid}`);
    expect(esl.sent).toEqual([
      {
        kind: "bgapi",
        command:
          `originate {origination_uuid=${uuid},origination_caller_id_number=998901234567,origination_caller_id_name=Click-to-call,` +
          "callboard_caller=1001,ignore_early_media=true,originate_timeout=30}user/1001@call.example.uz 998901234567 XML default",
        timeout: 60_000,
      },
    ]);
  });

  test("unknown extension → 422 naming from; a number no route allows → 422 naming to", async () => {
    const { call, esl } = setup();
    const unknown = await call("POST", "/api/v1/calls", { from: "1999", to: "998901234567" });
    expect(unknown.status).toBe(422);
    expect((await readJson(unknown)).error.field).toBe("from");
    const barred = await call("POST", "/api/v1/calls", { from: "1001", to: "4915112345678" });
    expect(barred.status).toBe(422);
    expect((await readJson(barred)).error.field).toBe("to");
    expect(esl.sent).toEqual([]);
  });

  test("a route with no company number to present → 422 naming to and saying why; nothing is sent", async () => {
    const { call, esl, deps } = setup();
    deps.db.update(outboundRoutes).set({ callerIdNumber: null }).run();
    const res = await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567" });
    expect(res.status).toBe(422);
    expect((await readJson(res)).error).toMatchObject({ field: "to", message: expect.stringContaining("route mobile has no caller id number") });
    expect(esl.sent).toEqual([]);
  });

  test("a gateway other than the route's is refused; the route's own is accepted", async () => {
    const { call } = setup();
    const other = await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567", gateway: "other" });
    expect(other.status).toBe(422);
    expect((await readJson(other)).error).toMatchObject({ field: "gateway", message: "gateway: route mobile uses gateway belluz, not other" });
    expect((await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567", gateway: "belluz" })).status).toBe(202);
  });

  test("an extension with no registered phone → 409; FreeSWITCH down → 503", async () => {
    const { call, esl } = setup();
    const res = await call("POST", "/api/v1/calls", { from: "1002", to: "1001" });
    expect(res.status).toBe(409);
    esl.setStatus("disconnected");
    expect((await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567" })).status).toBe(503);
    expect(esl.sent).toEqual([]);
  });

  test("a viewer token may not originate", async () => {
    const { call, viewer } = setup();
    expect((await call("POST", "/api/v1/calls", { from: "1001", to: "998901234567" }, viewer)).status).toBe(403);
  });
});

describe("call control", () => {
  test("DELETE hangs up with uuid_kill and an optional cause; a cause FreeSWITCH does not know is 422", async () => {
    const { call, esl } = setup({ uuid_kill: ok("+OK\n") });
    expect((await call("DELETE", `/api/v1/calls/${A_LEG}`)).status).toBe(200);
    expect((await call("DELETE", `/api/v1/calls/${A_LEG}?cause=USER_BUSY`)).status).toBe(200);
    expect(esl.sent.map((s) => s.command)).toEqual([`uuid_kill ${A_LEG}`, `uuid_kill ${A_LEG} USER_BUSY`]);
    const bad = await call("DELETE", `/api/v1/calls/${A_LEG}?cause=BOGUS`);
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).error.field).toBe("cause");
  });

  test("a uuid the live state does not have is 404 without asking FreeSWITCH", async () => {
    const { call, esl } = setup();
    expect((await call("DELETE", "/api/v1/calls/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect(esl.sent).toEqual([]);
  });

  test("FreeSWITCH's -ERR No such channel! is 404, other -ERR is 502 with its text, no answer is 504", async () => {
    const gone = setup({ uuid_transfer: err("No such channel!") });
    expect((await gone.call("POST", `/api/v1/calls/${A_LEG}/transfer`, { to: "1002" })).status).toBe(404);
    expect(gone.esl.sent.map((s) => s.command)).toEqual([`uuid_transfer ${A_LEG} 1002 XML transfer`]);
    const refused = setup({ uuid_transfer: ok("-ERR something broke\n") });
    const res = await refused.call("POST", `/api/v1/calls/${A_LEG}/transfer`, { to: "1002" });
    expect(res.status).toBe(502);
    expect((await readJson(res)).error.message).toBe("FreeSWITCH: something broke");
    const slow = setup({ uuid_transfer: { ok: false, kind: "timeout", message: "no reply in 5000 ms" } });
    expect((await slow.call("POST", `/api/v1/calls/${A_LEG}/transfer`, { to: "1002" })).status).toBe(504);
  });

  test("recording starts into a dated file in the recordings directory and stops the one FreeSWITCH reported", async () => {
    const start = setup({ uuid_record: ok("+OK Success\n") });
    expect((await start.call("POST", `/api/v1/calls/${A_LEG}/recording`, { action: "start" })).status).toBe(200);
    const at = new Date(NOW);
    const p2 = (n: number, w = 2) => String(n).padStart(w, "0");
    const dated = `${at.getFullYear()}/${p2(at.getMonth() + 1)}/${p2(at.getDate())}`;
    const time = `${p2(at.getHours())}${p2(at.getMinutes())}${p2(at.getSeconds())}.${p2(at.getMilliseconds(), 3)}`;
    expect(start.esl.sent.map((s) => s.command)).toEqual([`uuid_record ${A_LEG} start /var/lib/callboard/rec/${dated}/${time}-${A_LEG}.wav`]);

    const recording = setup({ uuid_record: ok("+OK Success\n") }, liveMidCall((e) => e.name === "RECORD_START"));
    expect((await recording.call("POST", `/api/v1/calls/${A_LEG}/recording`, { action: "start" })).status).toBe(409);
    expect((await recording.call("POST", `/api/v1/calls/${A_LEG}/recording`, { action: "stop" })).status).toBe(200);
    expect(recording.esl.sent.map((s) => s.command)).toEqual([`uuid_record ${A_LEG} stop /srv/pbx1/rec/test-cyr.wav`]);
  });

  test("stopping a recording FreeSWITCH says is not running answers 409, not a gateway error", async () => {
    const { call } = setup({ uuid_record: ok("-ERR Cannot stop record session!\n") });
    const res = await call("POST", `/api/v1/calls/${A_LEG}/recording`, { action: "stop" });
    expect(res.status).toBe(409);
    expect((await readJson(res)).error.message).toContain("not recording");
  });

  test("listen-in rings the supervisor into eavesdrop on the leg", async () => {
    const { call, esl } = setup();
    const res = await call("POST", `/api/v1/calls/${A_LEG}/listen`, { extension: "1001" });
    expect(res.status).toBe(202);
    const { uuid } = await readJson(res);
    expect(esl.sent.map((s) => s.command)).toEqual([
      `originate {origination_uuid=${uuid},origination_caller_id_number=1001,origination_caller_id_name=Listen-in,originate_timeout=30}` +
        `user/1001@call.example.uz &eavesdrop(${A_LEG})`,
    ]);
  });

  test("a transfer target that is not a number is 422 naming to", async () => {
    const { call } = setup();
    const res = await call("POST", `/api/v1/calls/${A_LEG}/transfer`, { to: "1002 XML public" });
    expect(res.status).toBe(422);
    expect((await readJson(res)).error.field).toBe("to");
  });

  test("transferring the callee's B leg to an extension sends uuid_transfer into context transfer", async () => {
    const { call, esl } = setup({ uuid_transfer: ok("+OK\n") });
    const res = await call("POST", `/api/v1/calls/${B_LEG}/transfer`, { to: "1001" });
    expect(res.status).toBe(200);
    expect(esl.sent.map((s) => s.command)).toEqual([`uuid_transfer ${B_LEG} 1001 XML transfer`]);
  });

  test("a transfer to a number that is not an enabled extension is 422 naming to, and nothing is sent", async () => {
    const { call, esl, deps } = setup({ uuid_transfer: ok("+OK\n") });
    deps.db.insert(extensions).values({ number: "1003", name: "Off", a1Hash: "x", realm: "call.example.uz", enabled: false }).run();
    for (const to of ["1009", "1003", "998901234567", "+998901234567"]) {
      const res = await call("POST", `/api/v1/calls/${A_LEG}/transfer`, { to });
      expect(res.status).toBe(422);
      expect((await readJson(res)).error.field).toBe("to");
    }
    expect(esl.sent).toEqual([]);
  });
});

test("the live routes are in the OpenAPI document", async () => {
  const { call } = setup();
  const doc = await readJson(await call("GET", "/api/openapi.json"));
  for (const path of ["/api/v1/channels", "/api/v1/calls", "/api/v1/calls/{uuid}", "/api/v1/calls/{uuid}/listen", "/api/v1/gateways/{name}/status"]) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
});
