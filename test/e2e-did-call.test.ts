/**
 * Issue 3's acceptance path through the same wiring `callboard serve` uses:
 * the simulator on a real port, the real ESL adapter, the live store, the
 * recording tracker and the HTTP server on a real socket.
 */
import { afterEach, expect, test } from "bun:test";
import { createToken } from "../src/api/auth/tokens.ts";
import { startServices, type Services } from "../src/cli/start-services.ts";
import { createEslClient } from "../src/esl/esl-client.ts";
import type { StreamMessage } from "../src/esl/live-types.ts";
import { startEslSimulator, type EslSimulator } from "../src/sim/index.ts";
import { inboundDidBody } from "./support/cdr-bodies.ts";
import { testConfig, testDeps } from "./support/deps.ts";
import { until } from "./support/until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});


async function boot(): Promise<{ sim: EslSimulator; services: Services; token: string }> {
  const sim = await startEslSimulator({ port: 0, password: "pw-e2e", heartbeatSeconds: 0 });
  const base = testDeps({ config: testConfig({ CALLBOARD_DOMAIN: "127.0.0.1", CALLBOARD_ESL_PASSWORD: "pw-e2e" }) });
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password: "pw-e2e", log: base.log });
  const { live: _unused, ...deps } = base;
  const services = startServices({ ...deps, esl });
  cleanup.push(() => sim.close(), () => services.stop());
  await until("ESL connected", () => services.live.snapshot().status.esl === "connected");
  return { sim, services, token: createToken(base.db, "e2e", "admin") };
}

test("a DID call is seen live, streamed, and its CDR is stored once though posted twice", async () => {
  const { sim, services, token } = await boot();
  const url = services.server.url;
  const auth = { authorization: `Bearer ${token}` };

  const messages: StreamMessage[] = [];
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/v1/events?token=${token}`);
  ws.onmessage = (m) => messages.push(JSON.parse(String(m.data)) as StreamMessage);
  cleanup.push(() => ws.close());
  await until("the snapshot", () => messages[0]?.type === "snapshot");

  sim.register("1001");
  const placed = sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound", answerAfterMs: 20 });

  await until("GET /calls shows the call", async () => {
    const { items } = (await (await fetch(`${url}/api/v1/calls`, { headers: auth })).json()) as { items: { id: string; state: string }[] };
    return items.some((c) => c.id === placed.callUuid && c.state === "active");
  });
  const { items: calls } = (await (await fetch(`${url}/api/v1/calls`, { headers: auth })).json()) as { items: Record<string, unknown>[] };
  expect(calls.find((c) => c.id === placed.callUuid)).toMatchObject({
    direction: "inbound",
    from: "998901112233",
    to: "998785553322",
    did: "998785553322",
  });

  const streamed = messages.filter((m) => m.type === "change" && m.kind === "call" && m.key === placed.callUuid);
  expect(streamed.length).toBeGreaterThan(0);
  expect(streamed.at(-1)).toMatchObject({ op: "upsert", value: { did: "998785553322", from: "998901112233" } });
  const seqs = messages.filter((m) => m.type === "change").map((m) => m.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

  sim.hangup(placed.uuid);
  await until("the call leaves the stream", () =>
    messages.some((m) => m.type === "change" && m.kind === "call" && m.key === placed.callUuid && m.op === "remove"),
  );

  const body = inboundDidBody(placed.callUuid);
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${url}/freeswitch/cdr?uuid=${placed.callUuid}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(200);
  }
  const cdrs = (await (await fetch(`${url}/api/v1/cdrs?did=998785553322`, { headers: auth })).json()) as {
    items: { uuid: string; direction: string; did: string }[];
    total: number;
  };
  expect(cdrs.total).toBe(1);
  expect(cdrs.items[0]).toMatchObject({ uuid: placed.callUuid, direction: "inbound", did: "998785553322" });
});

test("a recording started over the API is registered when FreeSWITCH reports RECORD_STOP", async () => {
  const { sim, services, token } = await boot();
  const url = services.server.url;
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  sim.register("1001");
  sim.register("1002");
  const placed = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 20 });
  await until("the call is active", () => services.live.snapshot().calls.some((c) => c.state === "active"));

  const start = await fetch(`${url}/api/v1/calls/${placed.uuid}/recording`, { method: "POST", headers: auth, body: '{"action":"start"}' });
  expect(start.status).toBe(200);
  await until("recording shows live", () => services.live.snapshot().channels.some((c) => c.uuid === placed.uuid && c.recording));
  const stop = await fetch(`${url}/api/v1/calls/${placed.uuid}/recording`, { method: "POST", headers: auth, body: '{"action":"stop"}' });
  expect(stop.status).toBe(200);

  await until("the recording is listed", async () => {
    const list = (await (await fetch(`${url}/api/v1/recordings?call=${placed.callUuid}`, { headers: auth })).json()) as { total: number };
    return list.total === 1;
  });
});
