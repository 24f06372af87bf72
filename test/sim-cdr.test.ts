/**
 * The simulator as mod_json_cdr, through the same wiring `callboard demo`
 * uses: a finished call's legs are POSTed by the simulator and read back
 * over the REST API, linked into one call.
 */
import { afterEach, expect, test } from "bun:test";
import { createToken } from "../src/db/tokens.ts";
import { DEMO_DOMAIN } from "../src/sim/demo-pbx.ts";
import { postJsonCdrs, startEslSimulator } from "../src/sim/index.ts";
import { bootDemo, demoCallboard } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

type CdrItem = { uuid: string; callUuid: string; leg: string; direction: string; did: string | null; callerIdName: string | null; extension: string | null; hangupCause: string };

test("a finished simulated DID call shows up in GET /api/v1/cdrs with both legs linked", async () => {
  const { sim, url, db, stop } = await bootDemo();
  const failures: string[] = [];
  const poster = postJsonCdrs(sim.model, { url: `${url}/freeswitch/cdr`, retryDelayMs: 50, onFailure: (uuid, reason) => failures.push(`${uuid}: ${reason}`) });
  cleanup.push(stop, () => poster.stop());
  const auth = { authorization: `Bearer ${createToken(db, "e2e", "viewer")}` };

  await sim.register("1009");
  const placed = sim.placeCall({ from: "998901112233", to: "998785553323", direction: "inbound", callerName: "Оператор Qo'ng'iroq", answerAfterMs: 20, durationMs: 50 });

  const call = async () =>
    (await (await fetch(`${url}/api/v1/cdrs?call=${placed.callUuid}`, { headers: auth })).json()) as { items: CdrItem[]; total: number };
  await until("both legs stored", async () => (await call()).total === 2);
  await poster.idle();
  expect(failures).toEqual([]);

  const { items } = await call();
  const a = items.find((i) => i.leg === "a");
  const b = items.find((i) => i.leg === "b");
  expect(a).toMatchObject({ uuid: placed.uuid, callUuid: placed.callUuid, direction: "inbound", did: "998785553323", callerIdName: "Оператор Qo'ng'iroq", hangupCause: "NORMAL_CLEARING" });
  expect(b).toMatchObject({ callUuid: placed.callUuid, direction: "inbound", did: "998785553323", extension: "1009" });
  const detail = (await (await fetch(`${url}/api/v1/cdrs/${b!.uuid}`, { headers: auth })).json()) as { legs: { uuid: string }[] };
  expect(detail.legs.map((l) => l.uuid).sort()).toEqual([a!.uuid, b!.uuid].sort());
});

test("a CDR the server refuses is retried and then reported, and the simulator carries on", async () => {
  const callboard = await demoCallboard();
  const sim = await startEslSimulator({ port: 0, password: "pw-cdr", heartbeatSeconds: 0, domain: DEMO_DOMAIN, xmlCurl: callboard.xmlCurl });
  let posts = 0;
  const refusing = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (posts++, new Response("no\n", { status: 500 })) });
  const failures: string[] = [];
  const poster = postJsonCdrs(sim.model, { url: `http://127.0.0.1:${refusing.port}/freeswitch/cdr`, retries: 2, retryDelayMs: 5, onFailure: (uuid, reason) => failures.push(`${uuid} ${reason}`) });
  cleanup.push(() => sim.close(), () => void refusing.stop(true), () => poster.stop());

  await sim.register("1001");
  await sim.register("1002");
  const placed = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 10, durationMs: 20 });
  await until("the call ends", () => sim.model.channels.size === 0 && posts > 0);
  await poster.idle();
  expect(posts).toBe(2 * 3);
  expect(failures).toContain(`${placed.uuid} HTTP 500`);
  const next = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 10 });
  expect(sim.model.channel(next.uuid)).toBeDefined();
});
