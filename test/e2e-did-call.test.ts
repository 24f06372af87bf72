/**
 * Issue 3's acceptance path through the same wiring `callboard serve` uses:
 * the simulator on a real port, the real ESL client, the live store, the
 * recording tracker and the HTTP server on a real socket — and the
 * simulator asking that server where each call goes, as FreeSWITCH does.
 */
import { afterEach, expect, test } from "bun:test";
import type { StreamMessage } from "../src/esl/live-types.ts";
import { inboundDidBody } from "./support/cdr-bodies.ts";
import { bootDemo } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function boot() {
  const booted = await bootDemo();
  cleanup.push(booted.stop);
  return booted;
}

test("a DID call is seen live, streamed, and its CDR is stored once though posted twice", async () => {
  const { sim, url, token } = await boot();
  const auth = { authorization: `Bearer ${token}` };

  const messages: StreamMessage[] = [];
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/v1/events?token=${token}`);
  ws.onmessage = (m) => messages.push(JSON.parse(String(m.data)) as StreamMessage);
  cleanup.push(() => ws.close());
  await until("the snapshot", () => messages[0]?.type === "snapshot");

  expect(await sim.register("1001", { password: "Demo-desk-1001" })).toBe(true);
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
  const { sim, system, url, token } = await boot();
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  await sim.register("1001");
  await sim.register("1002");
  const placed = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 20 });
  await until("the call is active", () => system.live.snapshot().calls.some((c) => c.state === "active"));

  const start = await fetch(`${url}/api/v1/calls/${placed.uuid}/recording`, { method: "POST", headers: auth, body: '{"action":"start"}' });
  expect(start.status).toBe(200);
  await until("recording shows live", () => system.live.snapshot().channels.some((c) => c.uuid === placed.uuid && c.recording));
  const stop = await fetch(`${url}/api/v1/calls/${placed.uuid}/recording`, { method: "POST", headers: auth, body: '{"action":"stop"}' });
  expect(stop.status).toBe(200);

  await until("the recording is listed", async () => {
    const list = (await (await fetch(`${url}/api/v1/recordings?call=${placed.callUuid}`, { headers: auth })).json()) as { total: number };
    return list.total === 1;
  });
});
