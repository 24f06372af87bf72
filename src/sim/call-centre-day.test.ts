import { afterEach, expect, test } from "bun:test";
import { demoCallboard } from "../../test/support/sim-callboard.ts";
import { playCallCentreDay } from "./call-centre-day.ts";
import { DEMO_DOMAIN } from "./demo-pbx.ts";
import { eventFrame, type SimEvent } from "./frames.ts";
import { manualClock, startEslSimulator, type EslSimulator } from "./index.ts";

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

/** Plays the demo day against callboard configured as the demo configures it, a second at a time. */
async function playFor(minutes: number, seed: number): Promise<{ events: SimEvent[]; sim: EslSimulator }> {
  const callboard = await demoCallboard();
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  let n = 0;
  const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  const sim = await startEslSimulator({ password: "ClueCon", clock, newUuid, domain: DEMO_DOMAIN, xmlCurl: callboard.xmlCurl });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((event) => events.push(event));
  const stop = playCallCentreDay(sim, { seed });
  for (let second = 0; second < minutes * 60; second++) {
    clock.advance(1000);
    await sim.settled();
  }
  stop();
  return { events, sim };
}

const named = (events: SimEvent[], name: string) => events.filter((e) => (e.subclass ?? e.name) === name);
const field = (event: SimEvent, name: string) => event.headers.find(([k]) => k === name)?.[1];

/* Minutes of a simulated day played second by second: long under load, hence the per-test timeout. */
test("the same seed plays the same day", async () => {
  const first = await playFor(20, 7);
  const second = await playFor(20, 7);
  expect(second.events.map((e) => e.name + (e.subclass ?? ""))).toEqual(first.events.map((e) => e.name + (e.subclass ?? "")));
}, 60_000);

test("a demo day routed by callboard: DID calls ring operators, key through the support line's menu and wait in the support queue or ring sales, leave voicemail, calls out leave through belluz, refusals, recordings, registrations coming and going, a flapping gateway", async () => {
  const { events, sim } = await playFor(90, 42);
  const creates = named(events, "CHANNEL_CREATE");
  expect(creates.some((e) => field(e, "Caller-Context") === "public" && field(e, "Caller-Destination-Number") === "998785553322")).toBe(true);
  expect(creates.some((e) => field(e, "variable_sip_gateway_name") === "belluz")).toBe(true);
  expect(creates.some((e) => /[\u0400-\u04ff]/.test(field(e, "Caller-Caller-ID-Name") ?? ""))).toBe(true);
  expect(creates.some((e) => (field(e, "Caller-Caller-ID-Name") ?? "").includes("'"))).toBe(true);
  const bridges = named(events, "CHANNEL_BRIDGE").map((e) => field(e, "Unique-ID"));
  expect(bridges.length).toBeGreaterThan(10);
  expect(new Set(bridges).size).toBeLessThan(bridges.length);
  const causes = new Set(named(events, "CHANNEL_HANGUP_COMPLETE").map((e) => field(e, "Hangup-Cause")));
  // The DID of the operator on leave and the number nobody has; 1010 calling out.
  expect(causes).toContain("UNALLOCATED_NUMBER");
  expect(causes).toContain("OUTGOING_CALL_BARRED");
  expect(named(events, "RECORD_START").length).toBeGreaterThan(0);
  expect(named(events, "sofia::register_failure").length).toBeGreaterThan(0);
  expect(named(events, "sofia::unregister").length + named(events, "sofia::expire").length).toBeGreaterThan(0);
  const gatewayStates = named(events, "sofia::gateway_state").map((e) => field(e, "State"));
  expect(gatewayStates).toContain("FAIL_WAIT");
  expect(gatewayStates).toContain("REGED");
  expect(named(events, "CHANNEL_DESTROY").length).toBe(creates.length - sim.model.channels.size);
  // The support queue: callers wait while its agents are busy, then an agent answers or the fallback does.
  const queue = (action: string) => named(events, "callcenter::info").filter((e) => field(e, "CC-Action") === action);
  expect(queue("member-queue-start").length).toBeGreaterThan(0);
  expect(queue("bridge-agent-start").some((e) => Number(field(e, "CC-Agent-Answered-Time")) - Number(field(e, "CC-Member-Joined-Time")) > 30)).toBe(true);
  expect(queue("member-queue-end").map((e) => field(e, "CC-Cause"))).toContain("Terminated");
  // The support line: its menu sends callers on as they key, into the queue (1, or the fallback) or to sales (2).
  const ended = named(events, "CHANNEL_HANGUP_COMPLETE");
  expect(ended.some((e) => field(e, "Caller-Context") === "ivr" && field(e, "Caller-Destination-Number") === "main/2" && field(e, "Caller-RDNIS") === "998785553311")).toBe(true);
  expect(creates.some((e) => (field(e, "Caller-Caller-ID-Name") ?? "").startsWith("Sales - "))).toBe(true);
  const joined = queue("member-queue-start");
  expect(joined.every((e) => field(e, "Caller-Context") === "ivr")).toBe(true);
  expect(new Set(joined.map((e) => field(e, "Caller-Destination-Number")))).toEqual(new Set(["main/1", "main/fallback"]));
  // Callers nobody answered left voicemail: mod_voicemail announced each message and lit the box's light.
  const left = named(events, "vm::maintenance").filter((e) => field(e, "VM-Action") === "leave-message");
  expect(left.length).toBeGreaterThan(0);
  expect(new Set(left.map((e) => field(e, "VM-User")))).toContain("1009");
  expect(named(events, "MESSAGE_WAITING").some((e) => field(e, "MWI-Messages-Waiting") === "yes")).toBe(true);
  for (const event of events.slice(0, 500)) {
    const frame = Buffer.from(eventFrame(event, "plain"));
    const head = frame.indexOf("\n\n");
    expect(frame.length - head - 2).toBe(Number(/Content-Length: (\d+)/.exec(frame.toString())![1]));
  }
}, 60_000);
