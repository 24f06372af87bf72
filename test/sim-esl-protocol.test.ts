import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { authedClient, RawEslClient } from "./support/esl-test-client.ts";
import { manualClock, startEslSimulator, type EslSimulator } from "../src/sim/index.ts";

const FIXTURES = new URL("./fixtures/freeswitch/esl/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const frame = (name: string) => fixture(`frames/${name}`);

const started: EslSimulator[] = [];
async function simulator(): Promise<EslSimulator> {
  const sim = await startEslSimulator({ password: "ClueCon", clock: manualClock(Date.UTC(2026, 10, 22, 10, 0, 0)), heartbeatSeconds: 0 });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

test("greeting and auth are FreeSWITCH's bytes", async () => {
  const sim = await simulator();
  const client = await RawEslClient.open(sim.port);
  expect((await client.next()).raw).toEqual(frame("greeting_auth_request.frame"));
  expect((await client.command("auth ClueCon")).raw).toEqual(frame("auth_ok_command_reply.frame"));
  client.close();
});

test("a wrong password gets -ERR invalid, the disconnect notice and a closed socket, byte for byte", async () => {
  const sim = await simulator();
  const client = await RawEslClient.open(sim.port);
  const frames = [await client.next()];
  client.send(fixture("bad-auth-session.sent.raw"));
  frames.push(await client.next(), await client.next());
  await client.closedByServer();
  expect(Buffer.concat(frames.map((f) => f.raw))).toEqual(fixture("bad-auth-session.received.raw"));
});

test("a command before auth is refused and the connection stays open for auth", async () => {
  const sim = await simulator();
  const client = await RawEslClient.open(sim.port);
  await client.next();
  expect((await client.command("api status")).headers.get("Reply-Text")).toBe("-ERR command not found");
  expect((await client.command("event plain ALL")).headers.get("Reply-Text")).toBe("-ERR command not found");
  expect((await client.command("auth ClueCon")).headers.get("Reply-Text")).toBe("+OK accepted");
  client.close();
});

test("exit says +OK bye, then the disconnect notice, then closes", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  const bye = await client.command("exit");
  const notice = await client.next();
  await client.closedByServer();
  const transcript = fixture("json-BACKGROUND_JOB-session.received.raw");
  const tail = transcript.subarray(transcript.indexOf("Content-Type: command/reply\nReply-Text: +OK bye"));
  expect(Buffer.concat([bye.raw, notice.raw])).toEqual(tail);
});

test("unknown top-level commands and unknown api commands answer as FreeSWITCH does", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  expect((await client.command("frobnicate now")).headers.get("Reply-Text")).toBe("-ERR command not found");
  expect((await client.command("api no_such_command")).raw).toEqual(frame("api_unknown_command.frame"));
  client.close();
});

test("xml_flush_cache answers as mod_commands does: the simulator caches no directory answer, so none is cleared", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  expect((await client.command("api xml_flush_cache id 1001 call.example.uz")).body.toString()).toBe("+OK cleared 0 entries\n");
  expect((await client.command("api xml_flush_cache")).body.toString()).toBe("+OK cleared 0 entries\n");
  client.close();
});

test("api replies match the captured frames when the switch is in the same state", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  expect((await client.command("api show channels as json")).raw).toEqual(frame("api_show_channels_json_idle.frame"));
  expect((await client.command("api uuid_kill 00000000-0000-4000-8000-000000000000")).raw).toEqual(frame("api_uuid_kill_unknown_uuid.frame"));
  expect((await client.command("api uuid_record 00000000-0000-4000-8000-000000000000 start /srv/pbx1/rec/none.wav")).raw).toEqual(
    frame("api_uuid_record_unknown_uuid.frame"),
  );
  expect((await client.command("api uuid_transfer 00000000-0000-4000-8000-000000000000 1002 XML default")).raw).toEqual(
    frame("api_uuid_transfer_unknown_uuid.frame"),
  );
  expect((await client.command("api reloadacl")).raw).toEqual(frame("api_reloadacl.frame"));
  expect((await client.command("api hupall NORMAL_CLEARING")).raw).toEqual(frame("api_hupall.frame"));
  expect((await client.command("api callcenter_config queue list")).raw).toEqual(frame("api_callcenter_config_queue_list.frame"));
  expect((await client.command("api sofia profile external register belluz")).raw).toEqual(frame("api_sofia_profile_external_register_belluz.frame"));
  client.close();
});

test("sofia status shows the profiles and gateway belluz in FreeSWITCH's table layout", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  const reply = await client.command("api sofia status");
  // The capture had one call on the internal profile; the idle simulator has none.
  expect(reply.raw.toString()).toBe(frame("api_sofia_status.frame").toString().replace("RUNNING (1)", "RUNNING (0)"));
  client.close();
});

test("bgapi answers with a Job-UUID at once and delivers the result as BACKGROUND_JOB", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  expect((await client.command("event json BACKGROUND_JOB")).headers.get("Reply-Text")).toBe("+OK event listener enabled json");
  client.send("bgapi status\nJob-UUID: dab5bcf1-1399-44bc-9359-e6aeeac92689\n\n");
  const accepted = await client.next();
  expect(accepted.raw.toString()).toBe(
    "Content-Type: command/reply\nReply-Text: +OK Job-UUID: dab5bcf1-1399-44bc-9359-e6aeeac92689\nJob-UUID: dab5bcf1-1399-44bc-9359-e6aeeac92689\n\n",
  );
  const job = await client.next();
  expect(job.headers.get("Content-Type")).toBe("text/event-json");
  const event = JSON.parse(job.body.toString());
  expect(event["Event-Name"]).toBe("BACKGROUND_JOB");
  expect(event["Job-UUID"]).toBe("dab5bcf1-1399-44bc-9359-e6aeeac92689");
  expect(event["Job-Command"]).toBe("status");
  expect(event._body).toStartWith("UP 0 years, 0 days, 0 hours, 0 minutes, 0 seconds");
  expect(event["Content-Length"]).toBe(String(Buffer.byteLength(event._body)));
  client.close();
});

test("bgapi of an unknown command reports the failure in the job, not in the reply", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  await client.command("event plain BACKGROUND_JOB");
  const accepted = await client.command("bgapi no_such_command");
  expect(accepted.headers.get("Reply-Text")).toStartWith("+OK Job-UUID: ");
  const job = await client.next();
  expect(job.body.toString()).toEndWith("Content-Length: 40\n\n-ERR no_such_command Command not found!\n");
  client.close();
});

test("event subscriptions: names, CUSTOM subclasses, and silence for what was not asked", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  expect((await client.command("event plain NOT_AN_EVENT")).headers.get("Reply-Text")).toBe("-ERR no keywords supplied");
  expect((await client.command("event plain CHANNEL_CREATE NOT_AN_EVENT")).headers.get("Reply-Text")).toBe("+OK event listener enabled plain");
  expect((await client.command("event json CUSTOM sofia::register ")).headers.get("Reply-Text")).toBe("+OK event listener enabled json");
  sim.registerFailure("1001");
  sim.register("1001");
  const registered = await client.next();
  expect(JSON.parse(registered.body.toString())["Event-Subclass"]).toBe("sofia::register");
  expect((await client.command("noevents")).headers.get("Reply-Text")).toBe("+OK no longer listening for events");
  expect((await client.command("noevents")).headers.get("Reply-Text")).toBe("-ERR not listening for events");
  client.close();
});

test("a filter passes only events whose header matches", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  await client.command("event plain CUSTOM sofia::register");
  expect((await client.command("filter from-user 1002")).headers.get("Reply-Text")).toBe("+OK filter added. [from-user]=[1002]");
  sim.register("1001");
  sim.register("1002");
  const only = await client.next();
  expect(only.body.toString()).toContain("from-user: 1002\n");
  expect((await client.command("filter delete from-user 1002")).headers.get("Reply-Text")).toBe("+OK filter deleted. [from-user][1002]");
  expect((await client.command("filter lonely")).headers.get("Reply-Text")).toBe("-ERR invalid syntax");
  client.close();
});

test("commands split at every byte boundary are still read whole", async () => {
  const sim = await simulator();
  const client = await RawEslClient.open(sim.port);
  await client.next();
  for (const byte of Buffer.from("\r\nauth ClueCon\r\n\r\napi status\n\n")) client.send(Uint8Array.of(byte));
  expect((await client.next()).headers.get("Reply-Text")).toBe("+OK accepted");
  expect((await client.next()).body.toString()).toContain("FreeSWITCH (Version 1.10.12-release");
  client.close();
});

test("a command larger than the limit closes the connection", async () => {
  const sim = await simulator();
  const client = await authedClient(sim.port, "ClueCon");
  client.send(`api ${"x".repeat(2 * 1024 * 1024)}`);
  const notice = await client.next();
  expect(notice.headers.get("Content-Type")).toBe("text/disconnect-notice");
  await client.closedByServer();
});
