import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { cdrs, recordings } from "../src/db/schema.ts";
import {
  A_LEG,
  A_LEG_UUID,
  B_LEG_UUID,
  bLegJsonBody,
  CYRILLIC,
  CYRILLIC_UUID,
  fixtureBytes,
  outboundGatewayBody,
  parseFixture,
  toBytes,
} from "./support/cdr-bodies.ts";
import { testApp, testConfig } from "./support/deps.ts";

/** What Bun.serve passes as the second fetch argument: enough for getConnInfo. */
const fromAddress = (address: string) => ({ requestIP: () => ({ address, family: address.includes(":") ? "IPv6" : "IPv4", port: 40000 }) });

function setup(env: Record<string, string> = {}) {
  const t = testApp({ config: testConfig(env) });
  const post = (body: Uint8Array | string, opts: { path?: string; address?: string; headers?: Record<string, string> } = {}) =>
    t.app.request(
      opts.path ?? "/freeswitch/cdr",
      { method: "POST", headers: { "content-type": "application/json", ...opts.headers }, body },
      fromAddress(opts.address ?? "127.0.0.1"),
    );
  const count = () => t.deps.db.select().from(cdrs).all().length;
  return { ...t, post, count };
}

describe("POST /freeswitch/cdr", () => {
  test("the captured A leg is stored with its numbers, billsec and cause", async () => {
    const { post, deps } = setup();
    const res = await post(fixtureBytes(A_LEG), { path: `/freeswitch/cdr/json?uuid=${A_LEG_UUID}` });
    expect(res.status).toBe(200);
    const row = deps.db.select().from(cdrs).where(eq(cdrs.uuid, A_LEG_UUID)).get();
    expect(row).toMatchObject({ callerIdNumber: "1001", destinationNumber: "1002", billSeconds: 6, hangupCause: "NORMAL_CLEARING" });
  });

  test("a Cyrillic and Uzbek caller name is stored intact", async () => {
    const { post, deps } = setup();
    expect((await post(fixtureBytes(CYRILLIC))).status).toBe(200);
    const row = deps.db.select().from(cdrs).where(eq(cdrs.uuid, CYRILLIC_UUID)).get();
    expect(row?.callerIdName).toBe("Оператор Qo'ng'iroq");
    expect(row?.billSeconds).toBe(8);
    expect(row?.raw).toBe(new TextDecoder().decode(fixtureBytes(CYRILLIC)));
  });

  test("a retried CDR is answered 200 and stored once", async () => {
    const { post, count } = setup();
    expect((await post(fixtureBytes(A_LEG))).status).toBe(200);
    expect((await post(fixtureBytes(A_LEG))).status).toBe(200);
    expect(count()).toBe(1);
  });

  test("both legs of a bridged call share the A leg's uuid as call uuid", async () => {
    const { post, deps } = setup();
    await post(bLegJsonBody());
    await post(fixtureBytes(A_LEG));
    const rows = deps.db.select().from(cdrs).where(eq(cdrs.callUuid, A_LEG_UUID)).all();
    expect(rows.map((r) => [r.uuid, r.leg]).sort()).toEqual([
      [B_LEG_UUID, "b"],
      [A_LEG_UUID, "a"],
    ].sort());
  });

  test("a malformed body is refused with 400 and nothing is written", async () => {
    const { post, count, deps } = setup();
    const cut = fixtureBytes(A_LEG).slice(0, 5000);
    const res = await post(cut);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("malformed CDR");
    const noTimes = parseFixture(A_LEG);
    delete noTimes.variables.end_uepoch;
    delete noTimes.callflow[0].times.hangup_time;
    expect((await post(toBytes(noTimes))).status).toBe(400);
    expect(count()).toBe(0);
    expect(deps.db.select().from(recordings).all()).toHaveLength(0);
  });

  test("a file replayed from FreeSWITCH's error directory (JSON plus a newline) is accepted", async () => {
    const { post, count } = setup();
    const file = new Uint8Array([...fixtureBytes(A_LEG), 0x0a]);
    expect((await post(file, { path: `/freeswitch/cdr?uuid=${A_LEG_UUID}` })).status).toBe(200);
    expect(count()).toBe(1);
  });

  test("a body whose uuid differs from ?uuid= is refused", async () => {
    const { post, count } = setup();
    const res = await post(fixtureBytes(A_LEG), { path: `/freeswitch/cdr/json?uuid=${B_LEG_UUID}` });
    expect(res.status).toBe(400);
    expect(count()).toBe(0);
  });

  test("a CDR from an address not in CALLBOARD_XMLCURL_ALLOW is refused with 403", async () => {
    const { post, count } = setup();
    const res = await post(fixtureBytes(A_LEG), { address: "192.0.2.50" });
    expect(res.status).toBe(403);
    expect(count()).toBe(0);
  });

  test("an allowed network in CIDR form and an IPv4-mapped address are accepted", async () => {
    const { post } = setup({ CALLBOARD_XMLCURL_ALLOW: "10.1.0.0/16" });
    expect((await post(fixtureBytes(A_LEG), { address: "::ffff:10.1.2.3" })).status).toBe(200);
    expect((await post(fixtureBytes(CYRILLIC), { address: "10.2.0.1" })).status).toBe(403);
  });

  test("with basic auth configured, a CDR without the right credentials gets 401", async () => {
    const { post, count } = setup({ CALLBOARD_XMLCURL_USER: "fs", CALLBOARD_XMLCURL_PASSWORD: "s3cret-cdr" });
    const good = `Basic ${Buffer.from("fs:s3cret-cdr").toString("base64")}`;
    const bad = `Basic ${Buffer.from("fs:wrong").toString("base64")}`;
    expect((await post(fixtureBytes(A_LEG))).status).toBe(401);
    expect((await post(fixtureBytes(A_LEG), { headers: { authorization: bad } })).status).toBe(401);
    expect((await post(fixtureBytes(A_LEG), { headers: { authorization: good } })).status).toBe(200);
    expect(count()).toBe(1);
  });

  test("a recording named by the CDR is registered and linked to the call", async () => {
    const { post, deps } = setup({ CALLBOARD_RECORDINGS_DIR: "/srv/pbx1/rec" });
    const uuid = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01";
    await post(outboundGatewayBody(uuid, "/srv/pbx1/rec/out.wav"));
    const rec = deps.db.select().from(recordings).all();
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ path: "/srv/pbx1/rec/out.wav", channelUuid: uuid, callUuid: uuid, durationMs: 6020, sizeBytes: 96364 });
  });
});
