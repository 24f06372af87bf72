import { afterEach, expect, test } from "bun:test";
import { clickToCallCommand } from "../src/pbx/originate.ts";
import { DEMO_AGENTS, DEMO_DOMAIN } from "../src/sim/demo-pbx.ts";
import { manualClock, startEslSimulator, type EslSimulator, type ManualClock } from "../src/sim/index.ts";
import { authedClient, plainEventHeaders, type RawEslClient, type RawFrame } from "./support/esl-test-client.ts";
import { demoCallboard, play } from "./support/sim-callboard.ts";

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

/** The simulator on a manual clock, asking callboard (configured as the demo) where its calls go. */
async function setup(): Promise<{ sim: EslSimulator; clock: ManualClock; client: RawEslClient; play: (ms: number) => Promise<void> }> {
  const clock = manualClock(Date.UTC(2026, 10, 22, 10, 0, 0));
  let n = 0;
  const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  const callboard = await demoCallboard({ now: () => clock.now() });
  const sim = await startEslSimulator({ password: "ClueCon", clock, heartbeatSeconds: 0, newUuid, domain: DEMO_DOMAIN, xmlCurl: callboard.xmlCurl });
  started.push(sim);
  const client = await authedClient(sim.port, "ClueCon");
  return { sim, clock, client, play: (ms) => play(sim, clock, ms) };
}

const header = (frame: RawFrame, name: string) => plainEventHeaders(frame.body).find(([k]) => k === name)?.[1];
/** "EVENT leg call-state", legs lettered A, B… in the order they first appear. */
function summarize(frames: RawFrame[], legs = new Map<string, string>()): string[] {
  return frames.map((frame) => {
    const uuid = header(frame, "Unique-ID") ?? "";
    if (!legs.has(uuid)) legs.set(uuid, String.fromCharCode(65 + legs.size));
    return `${header(frame, "Event-Name")} ${legs.get(uuid)} ${header(frame, "Channel-Call-State")}`;
  });
}

async function events(client: RawEslClient, count: number): Promise<RawFrame[]> {
  const frames: RawFrame[] = [];
  while (frames.length < count) frames.push(await client.next());
  return frames;
}

async function api(client: RawEslClient, command: string): Promise<string> {
  return (await client.command(`api ${command}`)).body.toString();
}

test("a DID call rings the extension callboard routes it to, is answered, bridged and hung up, in FreeSWITCH's event order", async () => {
  const { sim, client, play } = await setup();
  expect(await sim.register("1001")).toBe(true);
  await client.command("event plain CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_ANSWER CHANNEL_BRIDGE CHANNEL_UNBRIDGE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_DESTROY CHANNEL_CALLSTATE");
  const call = sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound", answerAfterMs: 2000, durationMs: 10_000 });
  await play(15_000);
  const frames = await events(client, 16);
  const legs = new Map<string, string>();
  expect(summarize(frames, legs)).toEqual([
    "CHANNEL_CREATE A DOWN",
    "CHANNEL_CALLSTATE A RINGING",
    "CHANNEL_CREATE B DOWN",
    "CHANNEL_PROGRESS B DOWN",
    "CHANNEL_CALLSTATE B RINGING",
    "CHANNEL_PROGRESS A RINGING",
    "CHANNEL_ANSWER B RINGING",
    "CHANNEL_CALLSTATE B ACTIVE",
    "CHANNEL_ANSWER A RINGING",
    "CHANNEL_CALLSTATE A ACTIVE",
    "CHANNEL_BRIDGE A ACTIVE",
    "CHANNEL_HANGUP A ACTIVE",
    "CHANNEL_HANGUP B ACTIVE",
    "CHANNEL_UNBRIDGE A ACTIVE",
    "CHANNEL_CALLSTATE A HANGUP",
    "CHANNEL_CALLSTATE B HANGUP",
  ]);
  const create = frames[0]!;
  expect(header(create, "Caller-Destination-Number")).toBe("998785553322");
  expect(header(create, "Caller-Context")).toBe("public");
  expect(header(create, "Channel-Name")).toBe("sofia/external/998901112233@127.0.0.1");
  expect(header(create, "Unique-ID")).toBe(call.uuid);
  expect(header(frames[2]!, "Caller-Destination-Number")).toBe("1001");
  const rest = await events(client, 4);
  expect(summarize(rest, legs)).toEqual(["CHANNEL_HANGUP_COMPLETE A HANGUP", "CHANNEL_HANGUP_COMPLETE B HANGUP", "CHANNEL_DESTROY A HANGUP", "CHANNEL_DESTROY B HANGUP"]);
  expect(header(rest[0]!, "Hangup-Cause")).toBe("NORMAL_CLEARING");
  expect(await api(client, "show channels as json")).toBe('{"row_count": 0}\n');
  client.close();
});

test("a Cyrillic and Uzbek caller name is framed by its byte length in plain and JSON events", async () => {
  const { sim, clock, client } = await setup();
  const json = await authedClient(sim.port, "ClueCon");
  await client.command("event plain CHANNEL_CREATE");
  await json.command("event json CHANNEL_CREATE");
  sim.placeCall({ from: "1001", to: "1002", direction: "internal", callerName: "Оператор Qo'ng'iroq" });
  clock.advance(1);
  const plain = await client.next();
  const asJson = await json.next();
  expect(plain.body.length).toBe(Number(plain.headers.get("Content-Length")));
  expect(plain.body.toString()).toContain("Caller-Caller-ID-Name: %D0%9E%D0%BF%D0%B5%D1%80%D0%B0%D1%82%D0%BE%D1%80%20Qo'ng'iroq\n");
  expect(asJson.body.length).toBe(Number(asJson.headers.get("Content-Length")));
  expect(JSON.parse(asJson.body.toString())["Caller-Caller-ID-Name"]).toBe("Оператор Qo'ng'iroq");
  expect(asJson.body.toString()).toContain('"Caller-Caller-ID-Name":"Оператор Qo\'ng\'iroq"');
  json.close();
  client.close();
});

test("show channels and show calls agree with the events already sent", async () => {
  const { sim, client, play } = await setup();
  await sim.register("1001");
  await sim.register("1002");
  const call = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 1000 });
  await play(500);
  const ringing = JSON.parse(await api(client, "show channels as json"));
  expect(ringing.row_count).toBe(2);
  expect(ringing.rows[0]).toMatchObject({ uuid: call.uuid, callstate: "RINGING", cid_name: DEMO_AGENTS[0]!.name, dest: "1002", call_uuid: "" });
  expect(ringing.rows[1]).toMatchObject({ direction: "outbound", callstate: "RINGING", call_uuid: call.uuid, presence_id: `1002@${DEMO_DOMAIN}` });
  await play(1000);
  const calls = JSON.parse(await api(client, "show calls as json"));
  expect(calls.row_count).toBe(1);
  expect(calls.rows[0]).toMatchObject({ uuid: call.uuid, callstate: "ACTIVE", b_callstate: "ACTIVE", b_dest: "1002", call_uuid: call.uuid });
  expect(Object.keys(calls.rows[0])).toHaveLength(41);
  client.close();
});

test("uuid_record, uuid_hold and uuid_kill act on a live call and reply like FreeSWITCH", async () => {
  const { sim, client, play } = await setup();
  await sim.register("1001");
  await sim.register("1002");
  const call = sim.placeCall({ from: "1001", to: "1002", direction: "internal", answerAfterMs: 1000 });
  await play(2000);
  await client.command("event plain RECORD_START RECORD_STOP CHANNEL_HOLD CHANNEL_UNHOLD CHANNEL_DESTROY");
  expect(await api(client, `uuid_record ${call.uuid} start /srv/pbx1/rec/a.wav`)).toBe("+OK Success\n");
  expect(header(await client.next(), "Record-File-Path")).toBe("/srv/pbx1/rec/a.wav");
  expect(await api(client, `uuid_record ${call.uuid} stop /srv/pbx1/rec/a.wav`)).toBe("+OK Success\n");
  expect(header(await client.next(), "Event-Name")).toBe("RECORD_STOP");
  // Nothing left to stop: FreeSWITCH refuses, "all" included.
  expect(await api(client, `uuid_record ${call.uuid} stop all`)).toBe("-ERR Cannot stop record session!\n");
  expect(await api(client, `uuid_hold ${call.uuid}`)).toBe("+OK Success\n");
  expect(header(await client.next(), "Channel-Call-State")).toBe("HELD");
  expect(await api(client, `uuid_hold off ${call.uuid}`)).toBe("+OK Success\n");
  expect(header(await client.next(), "Event-Name")).toBe("CHANNEL_UNHOLD");
  expect(await api(client, `uuid_kill ${call.uuid} USER_BUSY`)).toBe("+OK\n");
  const destroyed = [await client.next(), await client.next()];
  expect(destroyed.map((f) => header(f, "Hangup-Cause"))).toEqual(["USER_BUSY", "USER_BUSY"]);
  expect(await api(client, `uuid_kill ${call.uuid}`)).toBe("-ERR No such channel!\n");
  client.close();
});

test("callboard's click-to-call: the agent's phone rings first, then the answered leg is routed by callboard out through belluz", async () => {
  const { sim, client, play } = await setup();
  await sim.register("1001");
  sim.setAnswerDelay("1001", 1500);
  await client.command("event plain BACKGROUND_JOB");
  const uuid = "6f0c7a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6";
  const command = clickToCallCommand({ uuid, extension: "1001", to: "998901234567", domain: DEMO_DOMAIN, ringTimeoutSeconds: 30 });
  const reply = await client.command(`bgapi ${command}`);
  expect(reply.headers.get("Reply-Text")).toStartWith("+OK Job-UUID: ");
  await play(2000);
  const job = await client.next();
  expect(job.body.toString()).toEndWith(`\n\n+OK ${uuid}\n`);
  await play(200);
  
  const channels = JSON.parse(await api(client, "show channels as json"));
  // mod_commands transfers the answered leg to its exten: its destination is the customer's number now.
  expect(channels.rows.map((r: { uuid: string; dest: string; name: string }) => [r.uuid === uuid, r.dest, r.name])).toEqual([
    [true, "998901234567", "sofia/internal/1001@127.0.0.1:5061"],
    [false, "998901234567", "sofia/external/998901234567"],
  ]);
  expect(await api(client, `originate user/1009@${DEMO_DOMAIN} 1002`)).toBe("-ERR USER_NOT_REGISTERED\n");
  expect(await api(client, "originate user/7777 1002")).toBe("-ERR SUBSCRIBER_ABSENT\n");
  expect(await api(client, "originate loopback/no_such_ext/nonexistent_context &park()")).toBe("-ERR NO_ROUTE_DESTINATION\n");
  client.close();
});

test("gateway belluz flaps: gateway_state events and sofia status follow", async () => {
  const { sim, clock, client } = await setup();
  await client.command("event plain CUSTOM sofia::gateway_state");
  sim.setProviderReachable("belluz", false);
  expect(await api(client, "sofia profile external register belluz")).toBe("+OK\n");
  clock.advance(1000);
  const states = [await client.next(), await client.next(), await client.next()];
  expect(states.map((f) => header(f, "State"))).toEqual(["TRYING", "FAILED", "FAIL_WAIT"]);
  expect(header(states[1]!, "Status")).toBe("503");
  const status = await api(client, "sofia status gateway belluz");
  expect(status).toContain("State   \tFAIL_WAIT\nStatus  \tDOWN\n");
  expect(await api(client, "sofia xmlstatus gateway belluz")).toContain("<retry>30s</retry>");
  client.close();
});

test("kill drops every client without a word, and restart listens again on the same port", async () => {
  const { sim, client } = await setup();
  await sim.kill();
  await client.closedByServer();
  expect(client.buffered()).toBe(0);
  await sim.restart();
  const again = await authedClient(sim.port, "ClueCon");
  expect(await api(again, "show channels as json")).toBe('{"row_count": 0}\n');
  again.close();
});
