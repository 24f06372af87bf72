/**
 * The simulator's mod_voicemail against a scripted callboard: voicemail.conf
 * read as the module loads, a caller nobody answers leaving a message, the
 * message in `vm_list` as mod_voicemail prints it, `vm_delete`, and the
 * MESSAGE_WAITING events update_mwi fires.
 */
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { authedClient, plainEventHeaders } from "../../test/support/esl-test-client.ts";
import type { SimEvent } from "./frames.ts";
import { manualClock, startEslSimulator, type EslSimulator, type PlaceCallOptions } from "./index.ts";
import { vmDelete, vmList, voicemailProfiles, VoicemailState } from "./voicemail-state.ts";

const NOT_FOUND = `<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>`;
const VOICEMAIL_CONF =
  `<document type="freeswitch/xml"><section name="configuration"><configuration name="voicemail.conf"><settings/><profiles><profile name="default">` +
  `<param name="storage-dir" value="/var/lib/callboard/voicemail"/><param name="file-extension" value="wav"/>` +
  `<param name="min-record-len" value="3"/><param name="max-record-len" value="300"/></profile></profiles></configuration></section></document>`;
const user = (id: string, enabled: boolean) =>
  `<document type="freeswitch/xml"><section name="directory"><domain name="pbx.test"><users><user id="${id}"><params>` +
  `<param name="vm-enabled" value="${enabled}"/><param name="vm-a1-hash" value="0123456789abcdef0123456789abcdef"/></params></user></users></domain></section></document>`;
const BOX = "default pbx.test";
const dialplan = (box: string) =>
  `<document type="freeswitch/xml"><section name="dialplan"><context name="default"><extension name="x"><condition field="destination_number" expression="^${box}$">` +
  `<action application="set" data="continue_on_fail=NO_ANSWER,NO_USER_RESPONSE,USER_NOT_REGISTERED,SUBSCRIBER_ABSENT"/>` +
  `<action application="bridge" data="error/USER_NOT_REGISTERED"/><action application="answer"/>` +
  `<action application="voicemail" data="${BOX} ${box}"/><action application="hangup" data="NORMAL_CLEARING"/></condition></extension></context></section></document>`;

function answer(fields: URLSearchParams): string {
  if (fields.get("key_value") === "voicemail.conf") return VOICEMAIL_CONF;
  if (fields.get("section") === "dialplan") return dialplan(fields.get("Caller-Destination-Number") ?? "");
  if (fields.get("action") === "voicemail-lookup") {
    const id = fields.get("user") ?? "";
    return id === "1001" ? user(id, true) : id === "1003" ? user(id, false) : NOT_FOUND;
  }
  return NOT_FOUND;
}

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

async function setup() {
  const clock = manualClock(Date.UTC(2026, 11, 2, 9, 0, 0));
  const raw: string[] = [];
  let n = 0;
  const sim = await startEslSimulator({
    password: "ClueCon",
    clock,
    heartbeatSeconds: 0,
    domain: "pbx.test",
    identity: { switchname: "vm" },
    timing: { promptMs: 2_000 },
    newUuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    xmlCurl: {
      url: "http://callboard/freeswitch/xml",
      // These tests hold the simulator's events to FreeSWITCH's captures, made with every header posted.
      postVars: "every header",
      fetch: async (_url, init) => {
        raw.push(String(init.body));
        return new Response(answer(new URLSearchParams(String(init.body))));
      },
    },
  });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((e) => events.push(e));
  await sim.settled();
  const play = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(10);
      await sim.settled();
    }
  };
  const call = (to: string, o: Partial<PlaceCallOptions> = {}) => sim.placeCall({ from: "1002", to, direction: "internal", callerName: "Шахноза Юсупова", ...o });
  const client = await authedClient(sim.port, "ClueCon");
  const api = async (cmd: string) => (await client.command(`api ${cmd}`)).body.toString();
  return { sim, raw, events, play, call, api, close: () => client.close() };
}

const field = (e: SimEvent, name: string) => e.headers.find(([k]) => k === name)?.[1];
const FRAMES = new URL("../../test/fixtures/freeswitch/esl/frames/", import.meta.url);
/** A captured plain event's headers (FreeSWITCH 1.10.12, test/fixtures/freeswitch/README.md). */
const captured = (name: string) => {
  const frame = readFileSync(new URL(name, FRAMES));
  return plainEventHeaders(frame.subarray(frame.indexOf("\n\n") + 2));
};
/** Header names up to the channel's variables: the simulator keeps a subset of a real leg's. */
const shape = (headers: readonly (readonly [string, string])[]) => headers.map(([k]) => k).filter((k) => !k.startsWith("variable_"));
const names = (events: SimEvent[]) => events.map((e) => e.subclass ?? e.name);

test("mod_voicemail reads voicemail.conf as it loads, with the body FreeSWITCH 1.10.12 sent (after callcenter.conf)", async () => {
  const { raw, close } = await setup();
  close();
  const capture = readFileSync(new URL("../../test/fixtures/freeswitch/http/xml_curl-post-configuration-voicemail.conf.raw", import.meta.url), "latin1");
  expect(raw.map((b) => new URLSearchParams(b).get("key_value"))).toEqual(["callcenter.conf", "voicemail.conf"]);
  expect(raw[1]).toBe(capture.slice(capture.indexOf("\r\n\r\n") + 4));
});

test("a caller nobody answers leaves a message: listed by vm_list as mod_voicemail prints it, with MESSAGE_WAITING before the leg's hangup completes", async () => {
  const { raw, events, play, call, api, close } = await setup();
  const { uuid } = call("1001", { durationMs: 7_500 });
  await play(15_000);
  const lookup = new URLSearchParams(raw.find((b) => b.includes("action=voicemail-lookup"))!);
  expect([...lookup.keys()].slice(-5)).toEqual(["action", "key", "user", "domain", "ip"]);
  expect([lookup.get("Event-Calling-Function"), lookup.get("key"), lookup.get("user"), lookup.get("domain")]).toEqual(["voicemail_leave_main", "id", "1001", "pbx.test"]);

  const list = await api("vm_list 1001@pbx.test/default");
  // As the captured reply: the row's uuid is the caller's leg, the file is named by a uuid of its own.
  expect(list).toMatch(new RegExp(`^\\d+:0:1001:pbx\\.test:inbox:/var/lib/callboard/voicemail/pbx\\.test/1001/msg_[0-9a-f-]{36}\\.wav:${uuid}:Шахноза Юсупова:1002:7\n$`));
  const [created, , , , , path, msgUuid] = list.trimEnd().split(":");
  expect(path).not.toContain(msgUuid!);
  expect(Number(created)).toBe(Math.floor(Date.UTC(2026, 11, 2, 9, 0, 0) / 1000) + 11);

  const mine = events.filter((e) => ["MESSAGE_WAITING", "vm::maintenance", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE"].includes(e.subclass ?? e.name) && (field(e, "Unique-ID") ?? uuid) === uuid);
  // deliver_vm runs while the caller's leg hangs up: leave-message, then update_mwi's two events, then the hangup completes.
  expect(names(mine)).toEqual(["CHANNEL_HANGUP", "vm::maintenance", "MESSAGE_WAITING", "vm::maintenance", "CHANNEL_HANGUP_COMPLETE"]);
  const mwi = events.find((e) => e.name === "MESSAGE_WAITING")!;
  expect(mwi.headers.slice(-4)).toEqual([
    ["MWI-Messages-Waiting", "yes"],
    ["Update-Reason", "NEW"],
    ["MWI-Message-Account", "1001@pbx.test"],
    ["MWI-Voice-Message", "1/0"],
  ]);
  const left = events.find((e) => e.subclass === "vm::maintenance" && field(e, "VM-Action") === "leave-message")!;
  expect([field(left, "VM-User"), field(left, "VM-Caller-ID-Number"), field(left, "VM-Message-Len"), field(left, "VM-UUID"), field(left, "Unique-ID")]).toEqual(["1001", "1002", "7", uuid, uuid]);
  // The headers FreeSWITCH 1.10.12 fired, in its order; the leg still executing, its hangup marked.
  expect(shape(left.headers)).toEqual(shape(captured("event_plain_vm_leave_message.frame")));
  expect([field(left, "Channel-State"), field(left, "Channel-Call-State"), field(left, "Channel-State-Number"), field(left, "Answer-State")]).toEqual(["CS_EXECUTE", "ACTIVE", "10", "hangup"]);
  expect(mwi.headers.map(([k]) => k)).toEqual(captured("event_plain_message_waiting_new.frame").map(([k]) => k));
  const update = events.find((e) => e.subclass === "vm::maintenance" && field(e, "VM-Action") === "mwi-update")!;
  expect(update.headers.map(([k]) => k)).toEqual(captured("event_plain_vm_mwi_update.frame").map(([k]) => k));
  close();
}, 30_000);

test("vm_delete removes the message by uuid and the light goes off; vm_list then prints nothing (-ERR no reply over ESL)", async () => {
  const { events, play, call, api, close } = await setup();
  call("1001", { durationMs: 5_000 });
  await play(12_000);
  const uuid = (await api("vm_list 1001@pbx.test/default")).split(":")[6]!;
  expect(await api(`vm_delete 1001@pbx.test/default ${uuid}`)).toBe("+OK\n");
  expect(await api("vm_list 1001@pbx.test/default")).toBe("-ERR no reply\n");
  expect(events.filter((e) => e.name === "MESSAGE_WAITING").map((e) => e.headers.slice(-4).map(([, v]) => v).join(" "))).toEqual([
    "yes NEW 1001@pbx.test 1/0",
    "no DELETE 1001@pbx.test 0/0",
  ]);
  close();
}, 30_000);

test("a message under min-record-len is discarded; a box with vm-enabled false takes none; an unknown profile is -ERR", async () => {
  const { events, play, call, api, close } = await setup();
  call("1001", { durationMs: 2_000 });
  call("1003", { durationMs: 9_000 });
  await play(20_000);
  expect(await api("vm_list 1001@pbx.test/default")).toBe("-ERR no reply\n");
  expect(await api("vm_list 1003@pbx.test")).toBe("-ERR no reply\n");
  expect(events.filter((e) => e.name === "MESSAGE_WAITING")).toEqual([]);
  expect(await api("vm_list 1001@pbx.test/nosuch")).toBe("-ERR can't find user or profile.\n");
  expect(await api("vm_delete 1001")).toBe("-ERR can't find user or profile.\n");
  expect(await api("vm_list")).toBe("Usage: <id>@<domain>[/profile] [xml]\n");
  expect(await api("vm_list 1001@pbx.test/default xml")).toBe("<voicemail>\n</voicemail>\n");
  close();
}, 30_000);

test("vm_list, vm_delete and their errors answer byte for byte as FreeSWITCH 1.10.12 did", async () => {
  const { sim, api, close } = await setup();
  const frameBody = (name: string) => {
    const frame = readFileSync(new URL(name, FRAMES), "utf8");
    return frame.slice(frame.indexOf("\n\n") + 2);
  };
  const line = frameBody("api_vm_list.frame");
  const [created, read, username, domain, folder, path, uuid, cidName, cidNumber, seconds] = line.trimEnd().split(":");
  const profile = voicemailProfiles(VOICEMAIL_CONF).get("default")!;
  const state = new VoicemailState(sim.model, async () => VOICEMAIL_CONF);
  state.add(profile, { createdEpoch: Number(created), readEpoch: Number(read), username: username!, domain: domain!, folder: folder!, path: path!, uuid: uuid!, cidName: cidName!, cidNumber: cidNumber!, seconds: Number(seconds) });
  expect(await vmList(state, "1001@pbx.test/default")).toBe(line);
  expect(await vmDelete(state, `1001@pbx.test/default ${uuid}`)).toBe(frameBody("api_vm_delete.frame"));
  expect(await api("vm_list 1002@pbx.test/default")).toBe(frameBody("api_vm_list_empty_box.frame"));
  expect(await api("vm_list 1001@pbx.test/nosuch")).toBe(frameBody("api_vm_list_no_profile.frame"));
  close();
});
