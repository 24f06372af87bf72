import { beforeAll, describe, expect, test } from "bun:test";
import {
  A_LEG,
  A_LEG_UUID,
  B_LEG_UUID,
  bLegJsonBody,
  CYRILLIC,
  CYRILLIC_UUID,
  fixtureBytes,
  inboundDidBody,
  outboundGatewayBody,
  parseFixture,
  toBytes,
} from "./support/cdr-bodies.ts";
import { testApp, testConfig } from "./support/deps.ts";

const DID_UUID = "a273eb47-17bf-4eef-bafc-05d11c6ffead";
const OUT_UUID = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01";
const FORMULA_UUID = "6f1c2a8e-1111-4a5b-9c3d-000000000001";
const loopback = { requestIP: () => ({ address: "127.0.0.1", family: "IPv4", port: 40000 }) };

const t = testApp({ config: testConfig({ CALLBOARD_RECORDINGS_DIR: "/srv/rec" }) });
const get = (path: string, token = t.viewer) => t.call("GET", path, undefined, token);
const json = async (res: Response): Promise<any> => res.json();
const uuids = async (query: string) => ((await json(await get(`/api/v1/cdrs${query}`))).items as { uuid: string }[]).map((i) => i.uuid);

beforeAll(async () => {
  const formula = parseFixture(CYRILLIC);
  formula.variables.uuid = FORMULA_UUID;
  formula.callflow[0].caller_profile.caller_id_name = "=HYPERLINK(\"http://evil\",\"x\")";
  const bodies = [fixtureBytes(A_LEG), bLegJsonBody(), fixtureBytes(CYRILLIC), inboundDidBody(DID_UUID), outboundGatewayBody(OUT_UUID, "/srv/rec/out.wav"), toBytes(formula)];
  for (const body of bodies) {
    const res = await t.app.request("/freeswitch/cdr", { method: "POST", headers: { "content-type": "application/json" }, body }, loopback);
    expect(res.status).toBe(200);
  }
});

describe("GET /api/v1/cdrs", () => {
  test("a viewer reads a page with items, total, limit and offset, newest first", async () => {
    const res = await get("/api/v1/cdrs?limit=2");
    expect(res.status).toBe(200);
    const page = await json(res);
    expect(page.total).toBe(6);
    expect(page.limit).toBe(2);
    expect(page.offset).toBe(0);
    expect(page.items).toHaveLength(2);
    // The Cyrillic call (10:45) started after the bridged call (10:33).
    expect([CYRILLIC_UUID, FORMULA_UUID]).toContain(page.items[0].uuid);
    const second = await json(await get("/api/v1/cdrs?limit=2&offset=4"));
    expect(second.items).toHaveLength(2);
  });

  test("from and to select by start time, as ISO 8601 or epoch", async () => {
    expect((await uuids("?from=2026-11-22T10:40:00Z")).sort()).toEqual([CYRILLIC_UUID, FORMULA_UUID].sort());
    expect(await uuids("?to=1795343700&direction=internal&leg=a")).toEqual([A_LEG_UUID]);
  });

  test("number matches caller or destination; extension finds every leg of its calls", async () => {
    expect(await uuids("?number=998901112233")).toEqual([DID_UUID]);
    expect(await uuids("?number=901234567")).toEqual([OUT_UUID]);
    expect((await uuids("?extension=1002&to=2026-11-22T10:40:00Z")).sort()).toEqual([A_LEG_UUID, B_LEG_UUID, DID_UUID].sort());
  });

  test("direction, cause, gateway and DID filters", async () => {
    expect(await uuids("?direction=inbound")).toEqual([DID_UUID]);
    expect(await uuids("?cause=user_busy")).toEqual([OUT_UUID]);
    expect(await uuids("?gateway=belluz")).toEqual([OUT_UUID]);
    expect(await uuids("?did=%2B998785553322")).toEqual([DID_UUID]);
  });

  test("a bad filter is a 422 naming the field", async () => {
    for (const [query, field] of [["from=yesterday", "from"], ["direction=sideways", "direction"], ["limit=0", "limit"], ["number=12ab", "number"]]) {
      const res = await get(`/api/v1/cdrs?${query}`);
      expect(res.status).toBe(422);
      expect((await json(res)).error.field).toBe(field);
    }
  });

  test("CSV export: header row, quoted cells, UTF-8 names, formulas defused", async () => {
    const res = await get("/api/v1/cdrs?format=csv&from=2026-11-22T10:40:00Z");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toStartWith("uuid,call_uuid,leg,direction,started_at");
    expect(lines.filter(Boolean)).toHaveLength(3);
    const cyrillic = lines.find((l) => l.startsWith(CYRILLIC_UUID));
    expect(cyrillic).toContain(",Оператор Qo'ng'iroq,");
    const formula = lines.find((l) => l.startsWith(FORMULA_UUID));
    expect(formula).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",`);
  });
});

describe("GET /api/v1/cdrs/{uuid}", () => {
  test("a leg comes with every leg of its call", async () => {
    const res = await get(`/api/v1/cdrs/${B_LEG_UUID}`);
    expect(res.status).toBe(200);
    const call = await json(res);
    expect(call.uuid).toBe(B_LEG_UUID);
    expect(call.callUuid).toBe(A_LEG_UUID);
    expect(call.legs.map((l: { uuid: string }) => l.uuid)).toEqual([A_LEG_UUID, B_LEG_UUID]);
  });

  test("the call's recording is listed with its id, never its path", async () => {
    const call = await json(await get(`/api/v1/cdrs/${OUT_UUID}`));
    expect(call.recordings).toHaveLength(1);
    expect(call.recordings[0]).toMatchObject({ fileName: "out.wav", format: "wav", durationMs: 6020 });
    expect(JSON.stringify(call)).not.toContain("/srv/rec");
    expect(call.recordingIds).toEqual([call.recordings[0].id]);
  });

  test("the raw body is returned exactly as FreeSWITCH posted it", async () => {
    const res = await get(`/api/v1/cdrs/${CYRILLIC_UUID}/raw`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fixtureBytes(CYRILLIC));
  });

  test("an unknown uuid is 404", async () => {
    expect((await get("/api/v1/cdrs/00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });
});

describe("CDRs of a softphone's call through callboard's directory", () => {
  test("the B leg reads the extension dialled, not the dial string sofia made of it, with the caller named as on the A leg", async () => {
    const app = testApp();
    const bLeg = JSON.parse(new TextDecoder().decode(bLegJsonBody()));
    Object.assign(bLeg.callflow[0].caller_profile, { caller_id_name: "Operator 1", destination_number: "1002%pbx.test" });
    const res = await app.app.request("/freeswitch/cdr", { method: "POST", headers: { "content-type": "application/json" }, body: toBytes(bLeg) }, loopback);
    expect(res.status).toBe(200);
    const item = await json(await app.call("GET", `/api/v1/cdrs/${B_LEG_UUID}`, undefined, app.viewer));
    expect(item).toMatchObject({ uuid: B_LEG_UUID, leg: "b", callerIdNumber: "1001", callerIdName: "Operator 1", destinationNumber: "1002" });
  });
});
