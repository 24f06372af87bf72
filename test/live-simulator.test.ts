import { afterEach, expect, test } from "bun:test";
import { createEslClient } from "../src/esl/esl-client.ts";
import { createLiveStore, type LiveStore } from "../src/esl/live-store.ts";
import type { LiveSnapshot } from "../src/esl/live-types.ts";
import type { EslPort } from "../src/esl/port.ts";
import { createLogger } from "../src/log.ts";
import { DEMO_DOMAIN } from "../src/sim/demo-pbx.ts";
import { startEslSimulator, type EslSimulator } from "../src/sim/index.ts";
import { demoCallboard, type SimCallboard } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

const log = createLogger("silent");
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The simulator, callboard's live store on its event socket, and callboard (the demo PBX) answering its lookups. */
async function connect(): Promise<{ sim: EslSimulator; esl: EslPort; store: LiveStore; callboard: SimCallboard }> {
  const sim = await startEslSimulator({ port: 0, password: "s3cret", heartbeatSeconds: 0, domain: DEMO_DOMAIN });
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password: "s3cret", log, maxBackoffMs: 100 });
  const store = createLiveStore({ esl, log });
  cleanup.push(() => sim.close(), () => esl.close(), () => store.stop());
  const callboard = await demoCallboard({ esl, live: store });
  sim.useXmlCurl(callboard.xmlCurl);
  await until("ESL connected", () => store.snapshot().status.esl === "connected");
  await store.settled();
  return { sim, esl, store, callboard };
}

/** What FreeSWITCH (the simulator) itself says, in the shape that matters to an operator. */
const channelIds = (s: LiveSnapshot) => s.channels.map((c) => c.uuid).sort();

test("an inbound DID call appears as an inbound call with its numbers and DID, then leaves", async () => {
  const { sim, store } = await connect();
  await sim.register("1009");
  const placed = sim.placeCall({ from: "998901112233", to: "998785553323", direction: "inbound", answerAfterMs: 50 });
  await until("the call is active", () => store.snapshot().calls.some((c) => c.id === placed.callUuid && c.state === "active"));
  const call = store.snapshot().calls.find((c) => c.id === placed.callUuid);
  expect(call).toMatchObject({ direction: "inbound", from: "998901112233", to: "998785553323", did: "998785553323" });
  expect(call?.legs).toHaveLength(2);
  expect(store.snapshot().channels.find((c) => c.uuid !== placed.uuid)?.extension).toBe("1009");
  sim.hangup(placed.uuid);
  await until("the call leaves", () => store.snapshot().calls.length === 0 && store.snapshot().channels.length === 0);
});

test("killing and restarting the switch mid-call: after the reconnect the state equals the switch's", async () => {
  const { sim, store } = await connect();
  await sim.register("1001");
  await sim.register("1002");
  const first = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 20 });
  await until("the first call is active", () => store.snapshot().calls.some((c) => c.state === "active"));

  await sim.kill();
  await until("ESL lost", () => store.snapshot().status.esl !== "connected");
  // While we are away: the first call ends and another one starts.
  sim.hangup(first.uuid);
  const second = sim.placeCall({ from: "1002", to: "1001", direction: "internal", answerAfterMs: 20 });
  await Bun.sleep(100);
  await sim.restart();
  await until("ESL back", () => store.snapshot().status.esl === "connected");
  await store.settled();

  const expected = [...sim.model.channels.keys()].sort();
  await until("channels match the switch", () => channelIds(store.snapshot()).join() === expected.join());
  expect(store.snapshot().calls.map((c) => c.id)).toEqual([second.callUuid]);
  expect(store.snapshot().registrations.map((r) => r.user).sort()).toEqual(["1001", "1002"]);
  expect(store.snapshot().gateways).toMatchObject([{ name: "belluz", state: "REGED" }]);
});

test("click-to-call through the API: the uuid it returns is the id of the call that appears", async () => {
  const { sim, store, callboard } = await connect();
  const { call } = callboard;
  await sim.register("1001");
  await sim.register("1002");
  await until("1001 registered", () => store.snapshot().registrations.some((r) => r.user === "1001"));
  const res = await call("POST", "/api/v1/calls", { from: "1001", to: "1002" });
  expect(res.status).toBe(202);
  const { uuid } = (await res.json()) as { uuid: string };
  await until("the click-to-call is live", () => store.snapshot().calls.some((c) => c.id === uuid));
  expect(store.snapshot().channels.find((c) => c.uuid === uuid)?.extension).toBe("1001");
  const hangup = await call("DELETE", `/api/v1/calls/${uuid}`);
  expect(hangup.status).toBe(200);
  await until("the call is gone", () => !store.snapshot().calls.some((c) => c.id === uuid));
});
