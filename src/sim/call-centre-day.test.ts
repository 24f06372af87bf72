import { afterEach, expect, test } from "bun:test";
import { playCallCentreDay } from "./call-centre-day.ts";
import { eventFrame, type SimEvent } from "./frames.ts";
import { manualClock, startEslSimulator, type EslSimulator } from "./index.ts";

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

async function playFor(minutes: number, seed: number): Promise<{ events: SimEvent[]; sim: EslSimulator }> {
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  let n = 0;
  const sim = await startEslSimulator({ password: "ClueCon", clock, newUuid: () => `uuid-${++n}` });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((event) => events.push(event));
  const stop = playCallCentreDay(sim, { seed });
  for (let second = 0; second < minutes * 60; second++) clock.advance(1000);
  stop();
  return { events, sim };
}

const named = (events: SimEvent[], name: string) => events.filter((e) => (e.subclass ?? e.name) === name);
const field = (event: SimEvent, name: string) => event.headers.find(([k]) => k === name)?.[1];

test("the same seed plays the same day", async () => {
  const first = await playFor(20, 7);
  const second = await playFor(20, 7);
  expect(second.events.map((e) => e.name + (e.subclass ?? ""))).toEqual(first.events.map((e) => e.name + (e.subclass ?? "")));
});

test("a demo day has DID calls, outbound calls through belluz, transfers, registrations coming and going and a flapping gateway", async () => {
  const { events, sim } = await playFor(90, 42);
  const creates = named(events, "CHANNEL_CREATE");
  expect(creates.some((e) => field(e, "Caller-Context") === "public" && field(e, "Caller-Destination-Number") === "998785553322")).toBe(true);
  expect(creates.some((e) => field(e, "variable_sip_gateway_name") === "belluz")).toBe(true);
  expect(creates.some((e) => /[\u0400-\u04ff]/.test(field(e, "Caller-Caller-ID-Name") ?? ""))).toBe(true);
  expect(creates.some((e) => (field(e, "Caller-Caller-ID-Name") ?? "").includes("'"))).toBe(true);
  const bridges = named(events, "CHANNEL_BRIDGE").map((e) => field(e, "Unique-ID"));
  expect(bridges.length).toBeGreaterThan(10);
  expect(new Set(bridges).size).toBeLessThan(bridges.length);
  expect(named(events, "sofia::unregister").length + named(events, "sofia::expire").length).toBeGreaterThan(0);
  const gatewayStates = named(events, "sofia::gateway_state").map((e) => field(e, "State"));
  expect(gatewayStates).toContain("FAIL_WAIT");
  expect(gatewayStates).toContain("REGED");
  expect(named(events, "CHANNEL_DESTROY").length).toBe(creates.length - sim.model.channels.size);
  for (const event of events.slice(0, 500)) {
    const frame = Buffer.from(eventFrame(event, "plain"));
    const head = frame.indexOf("\n\n");
    expect(frame.length - head - 2).toBe(Number(/Content-Length: (\d+)/.exec(frame.toString())![1]));
  }
});
