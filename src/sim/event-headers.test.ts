import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { channelEvent, customEvent, type CallerProfile, type ChannelSnapshot, type SwitchIdentity } from "./event-headers.ts";
import { eventFrame, type Header } from "./frames.ts";
import { plainEventHeaders, splitFrames } from "../../test/support/esl-test-client.ts";

const frame = (name: string) => readFileSync(new URL(`../../test/fixtures/freeswitch/esl/frames/${name}`, import.meta.url));

function captured(name: string): Map<string, string> & { list: [string, string][] } {
  const [parsed] = splitFrames(frame(name));
  const list = plainEventHeaders(parsed!.body);
  return Object.assign(new Map(list), { list });
}

const identity = (h: Map<string, string>): SwitchIdentity => ({
  coreUuid: h.get("Core-UUID")!,
  hostname: h.get("FreeSWITCH-Hostname")!,
  switchname: h.get("FreeSWITCH-Switchname")!,
  ipv4: h.get("FreeSWITCH-IPv4")!,
  ipv6: h.get("FreeSWITCH-IPv6")!,
  utcOffsetMinutes: 0,
});

function profile(h: Map<string, string>): CallerProfile {
  const t = (k: string) => Number(h.get(`Caller-${k}`));
  return {
    direction: h.get("Caller-Direction") as "inbound",
    logicalDirection: h.get("Caller-Logical-Direction") as "inbound",
    username: h.get("Caller-Username")!,
    dialplan: h.get("Caller-Dialplan")!,
    callerIdName: h.get("Caller-Caller-ID-Name")!,
    callerIdNumber: h.get("Caller-Caller-ID-Number")!,
    origCallerIdName: h.get("Caller-Orig-Caller-ID-Name")!,
    origCallerIdNumber: h.get("Caller-Orig-Caller-ID-Number")!,
    networkAddr: h.get("Caller-Network-Addr")!,
    ani: h.get("Caller-ANI")!,
    destinationNumber: h.get("Caller-Destination-Number")!,
    uniqueId: h.get("Caller-Unique-ID")!,
    source: h.get("Caller-Source")!,
    context: h.get("Caller-Context")!,
    channelName: h.get("Caller-Channel-Name")!,
    profileIndex: t("Profile-Index"),
    times: {
      profileCreated: t("Profile-Created-Time"),
      created: t("Channel-Created-Time"),
      answered: t("Channel-Answered-Time"),
      progress: t("Channel-Progress-Time"),
      progressMedia: t("Channel-Progress-Media-Time"),
      hangup: t("Channel-Hangup-Time"),
      transfer: t("Channel-Transfer-Time"),
      resurrect: t("Channel-Resurrect-Time"),
      bridged: t("Channel-Bridged-Time"),
      lastHold: t("Channel-Last-Hold"),
      holdAccum: t("Channel-Hold-Accum"),
    },
  };
}

test("a Cyrillic caller's CHANNEL_CREATE renders byte for byte as FreeSWITCH sent it, plain and JSON", () => {
  const h = captured("event_plain_channel_create_cyrillic_a_leg.frame");
  const variables: Header[] = h.list.filter(([k]) => k.startsWith("variable_")).map(([k, v]) => [k.slice(9), v]);
  const channel: ChannelSnapshot = {
    state: h.get("Channel-State")!,
    callState: h.get("Channel-Call-State")!,
    stateNumber: Number(h.get("Channel-State-Number")),
    name: h.get("Channel-Name")!,
    uuid: h.get("Unique-ID")!,
    direction: "inbound",
    hitDialplan: true,
    callUuid: h.get("Channel-Call-UUID")!,
    answerState: h.get("Answer-State")!,
    codec: { name: "PCMU", rate: 8000, bitRate: 64000 },
    profile: profile(h),
    variables,
  };
  const event = channelEvent(
    "CHANNEL_CREATE",
    identity(h),
    { micros: Number(h.get("Event-Date-Timestamp")), sequence: Number(h.get("Event-Sequence")) },
    channel,
    { site: ["switch_core_state_machine.c", "switch_core_session_run", 626], withVariables: true },
  );
  expect(Buffer.from(eventFrame(event, "plain"))).toEqual(frame("event_plain_channel_create_cyrillic_a_leg.frame"));
  const json = frame("event_json_channel_create_cyrillic_a_leg.frame");
  const rendered = Buffer.from(eventFrame(event, "json"));
  // The JSON capture is the same event from a second connection: identical except its own sequence number.
  expect(rendered.toString().replace(/"Event-Sequence":"\d+"/, "")).toBe(json.toString().replace(/"Event-Sequence":"\d+"/, ""));
});

test("sofia::register_failure keeps its duplicate profile-name in both formats", () => {
  const h = captured("event_plain_sofia_register_failure.frame");
  const fields = h.list.slice(14);
  const event = customEvent(
    "sofia::register_failure",
    identity(h),
    { micros: Number(h.get("Event-Date-Timestamp")), sequence: Number(h.get("Event-Sequence")) },
    ["sofia_reg.c", "sofia_reg_handle_register_token", 1792],
    fields,
  );
  expect(Buffer.from(eventFrame(event, "plain"))).toEqual(frame("event_plain_sofia_register_failure.frame"));
  expect(Buffer.from(eventFrame(event, "json"))).toEqual(frame("event_json_sofia_register_failure.frame"));
});
