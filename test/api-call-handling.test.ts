/**
 * Per-extension call handling over REST (the extension's `callHandling`),
 * from the phone by feature code (the ESL event callboard's dialplan fires),
 * and in the dialplan answers FreeSWITCH gets.
 */
import { describe, expect, test } from "bun:test";
import { startFeatureCodeListener } from "../src/api/extensions/feature-code-listener.ts";
import { fakeEsl } from "./live-fake-esl.ts";
import { testApp, TEST_DOMAIN } from "./support/deps.ts";
import { fsEncode, postXml } from "./support/xmlcurl-bodies.ts";

const read = async (res: Response): Promise<any> => res.json();

async function pbx() {
  const t = testApp({ now: () => Date.parse("2026-12-01T10:00:00+05:00") });
  for (const [number, name, outboundClass] of [["1001", "Dilnoza", "national"], ["1002", "Bekzod", "national"], ["1010", "Stajyor", "internal"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name, outboundClass })).status).toBe(201);
  }
  expect((await t.call("POST", "/api/v1/gateways", { name: "belluz", host: "sip.bell.uz", username: "998785553300", password: "provider-secret-1" })).status).toBe(201);
  expect((await t.call("POST", "/api/v1/outbound-routes", { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz" })).status).toBe(201);
  return t;
}

async function dialplan(app: ReturnType<typeof testApp>["app"], fields: Record<string, string>): Promise<string> {
  const body = Object.entries({ section: "dialplan", "Caller-Context": "public", ...fields }).map(([k, v]) => `${k}=${fsEncode(v)}`).join("&");
  return (await postXml(app, body)).text();
}

describe("call handling over REST", () => {
  test("set on an extension, shown with it, partly changed, cleared with null", async () => {
    const { call } = await pbx();
    const set = await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardBusy: { type: "extension", target: "1002" }, ringSeconds: 15 } });
    expect(set.status).toBe(200);
    expect((await read(set)).callHandling).toEqual({ dnd: false, ringSeconds: 15, forwardAlways: null, forwardBusy: { type: "extension", target: "1002" }, forwardNoAnswer: null });
    const dnd = await read(await call("PATCH", "/api/v1/extensions/1001", { callHandling: { dnd: true } }));
    expect(dnd.callHandling).toMatchObject({ dnd: true, ringSeconds: 15, forwardBusy: { target: "1002" } });
    const cleared = await read(await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardBusy: null, ringSeconds: null } }));
    expect(cleared.callHandling).toEqual({ dnd: true, ringSeconds: null, forwardAlways: null, forwardBusy: null, forwardNoAnswer: null });
  });

  test("a bad forward is 422 naming it, and nothing is stored", async () => {
    const { call } = await pbx();
    for (const [body, field] of [
      [{ forwardAlways: { type: "extension", target: "4040" } }, "callHandling.forwardAlways.target"],
      [{ forwardAlways: { type: "extension", target: "1001" } }, "callHandling.forwardAlways.target"],
      [{ forwardBusy: { type: "number", target: "74951234567" } }, "callHandling.forwardBusy.target"],
      [{ forwardBusy: { type: "number", target: "9989012$4567" } }, "callHandling.forwardBusy.target"],
      [{ forwardNoAnswer: { type: "time_condition", target: "night" } }, "callHandling.forwardNoAnswer.target"],
      [{ ringSeconds: 2 }, "callHandling.ringSeconds"],
    ] as const) {
      const res = await call("PATCH", "/api/v1/extensions/1001", { callHandling: body });
      expect(res.status).toBe(422);
      expect((await read(res)).error.field).toBe(field);
    }
    expect((await read(await call("GET", "/api/v1/extensions/1001"))).callHandling).toMatchObject({ forwardAlways: null, forwardBusy: null, ringSeconds: null });
  });

  test("an outside number needs a route the extension's own class may use", async () => {
    const { call } = await pbx();
    const barred = await call("PATCH", "/api/v1/extensions/1010", { callHandling: { forwardAlways: { type: "number", target: "998901234567" } } });
    expect(barred.status).toBe(422);
    expect((await read(barred)).error.message).toContain("class internal of 1010 may not use route uz-mobile");
    expect((await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardAlways: { type: "number", target: "998901234567" } } })).status).toBe(200);
  });

  test("a loop (1001 → 1002 → 1001) is refused with its path", async () => {
    const { call } = await pbx();
    expect((await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardNoAnswer: { type: "extension", target: "1002" } } })).status).toBe(200);
    const res = await call("PATCH", "/api/v1/extensions/1002", { callHandling: { forwardBusy: { type: "extension", target: "1001" } } });
    expect(res.status).toBe(422);
    const body = await read(res);
    expect(body).toMatchObject({ error: { field: "callHandling.forwardBusy.target" } });
    expect(body.error.message).toContain("1002 → 1001 → 1002");
  });

  test("an extension or a time condition some extension forwards to cannot be deleted (409)", async () => {
    const { call } = await pbx();
    expect((await call("POST", "/api/v1/time-conditions", { name: "night", schedule: { rules: [] }, open: { type: "extension", target: "1002" }, closed: { type: "extension", target: "1002" } })).status).toBe(201);
    expect((await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardBusy: { type: "extension", target: "1002" }, forwardNoAnswer: { type: "time_condition", target: "night" } } })).status).toBe(200);
    expect((await call("DELETE", "/api/v1/time-conditions/night")).status).toBe(409);
    const res = await call("DELETE", "/api/v1/extensions/1002");
    expect(res.status).toBe(409);
  });

  test("each change is in the audit log", async () => {
    const { call } = await pbx();
    await call("PATCH", "/api/v1/extensions/1001", { callHandling: { dnd: true } });
    const page = await read(await call("GET", "/api/v1/audit"));
    expect(JSON.stringify(page.items[0])).toContain("callHandling");
  });
});

describe("in the dialplan answer", () => {
  test("a DID call to an extension on do-not-disturb gets busy; with a busy forward it rings that extension", async () => {
    const { call, app } = await pbx();
    expect((await call("POST", "/api/v1/dids", { number: "998785553322", destination: { type: "extension", target: "1001" } })).status).toBe(201);
    await call("PATCH", "/api/v1/extensions/1001", { callHandling: { dnd: true } });
    expect(await dialplan(app, { "Caller-Destination-Number": "998785553322" })).toContain('<action application="hangup" data="USER_BUSY"/>');
    await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardBusy: { type: "extension", target: "1002" } } });
    expect(await dialplan(app, { "Caller-Destination-Number": "998785553322" })).toContain(`user/1002@${TEST_DOMAIN}`);
  });

  test("a busy ring handed back goes to the busy forward; the hop count and cause come from the channel", async () => {
    const { call, app } = await pbx();
    await call("PATCH", "/api/v1/extensions/1001", { callHandling: { forwardBusy: { type: "extension", target: "1002" } } });
    const xml = await dialplan(app, {
      "Caller-Context": "forward",
      "Caller-Destination-Number": "unanswered-1001",
      variable_originate_failed_cause: "USER_BUSY",
      variable_callboard_forward_hops: "0",
    });
    expect(xml).toContain('<context name="forward">');
    expect(xml).toContain(`{leg_timeout=30}user/1002@${TEST_DOMAIN}`);
  });
});

describe("feature codes from the phone", () => {
  const featureEvent = (headers: Record<string, string>) => ({
    name: "CUSTOM" as const,
    subclass: "callboard::feature" as const,
    headers: { "Event-Name": "CUSTOM", "Event-Subclass": "callboard::feature", variable_sip_authorized: "true", variable_user_name: "1001", "Unique-ID": "u1", ...headers },
  });

  test("*78's event turns do-not-disturb on, audited as the phone; *79's turns it off", async () => {
    const t = await pbx();
    const esl = fakeEsl();
    const stop = startFeatureCodeListener({ ...t.deps, esl: esl.port });
    esl.emit(featureEvent({ callboard_feature: "dnd_on", callboard_extension: "1001" }));
    expect((await read(await t.call("GET", "/api/v1/extensions/1001"))).callHandling.dnd).toBe(true);
    const audit = await read(await t.call("GET", "/api/v1/audit"));
    expect(audit.items[0]).toMatchObject({ actor: "phone 1001", action: "feature code *78" });
    esl.emit(featureEvent({ callboard_feature: "dnd_off", callboard_extension: "1001" }));
    expect((await read(await t.call("GET", "/api/v1/extensions/1001"))).callHandling.dnd).toBe(false);
    stop();
  });

  test("an event naming another extension than the authenticated phone changes nothing", async () => {
    const t = await pbx();
    const esl = fakeEsl();
    startFeatureCodeListener({ ...t.deps, esl: esl.port });
    esl.emit(featureEvent({ callboard_feature: "dnd_on", callboard_extension: "1002" }));
    expect((await read(await t.call("GET", "/api/v1/extensions/1002"))).callHandling.dnd).toBe(false);
  });

  test("a forward the rules refuse by the time it arrives is not stored", async () => {
    const t = await pbx();
    const esl = fakeEsl();
    startFeatureCodeListener({ ...t.deps, esl: esl.port });
    esl.emit(featureEvent({ variable_user_name: "1010", callboard_feature: "forward_always_on", callboard_extension: "1010", callboard_forward_type: "number", callboard_forward_target: "998901234567" }));
    expect((await read(await t.call("GET", "/api/v1/extensions/1010"))).callHandling.forwardAlways).toBeNull();
  });

  test("the dialplan answers *72 with the event and a tone, and refuses a number the class may not dial", async () => {
    const { app } = await pbx();
    const phone = { "Caller-Context": "default", variable_sip_authorized: "true" };
    const ok = await dialplan(app, { ...phone, variable_user_name: "1001", "Caller-Destination-Number": "*72998901234567" });
    expect(ok).toContain("callboard_feature=forward_always_on,callboard_extension=1001,callboard_forward_type=number,callboard_forward_target=998901234567");
    expect(ok).toContain("tone_stream://");
    const barred = await dialplan(app, { ...phone, variable_user_name: "1010", "Caller-Destination-Number": "*72998901234567" });
    expect(barred).toContain('<action application="hangup" data="OUTGOING_CALL_BARRED"/>');
    expect(barred).not.toContain("callboard::feature");
  });
});
