/**
 * /calls and /channels name the people and numbers a user knows, on both
 * legs: the captured Cyrillic call re-told the way a softphone and callboard's
 * own dialplan and directory shape it, and a click-to-call built from the
 * same captured events.
 */
import { describe, expect, test } from "bun:test";
import { emptyLiveState, type LiveState, reduceLive } from "../src/esl/live-state.ts";
import { channelFromRow, parseRows } from "../src/esl/parse-show-channels.ts";
import type { Call } from "../src/esl/live-types.ts";
import type { EslEvent } from "../src/esl/port.ts";
import { apiReply, transcriptEvents } from "./support/esl-transcript.ts";

const NOW = 1_795_344_330_000;
const A_LEG = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";
const B_LEG = "259eac22-5af3-49bd-aec0-8371185f84f6";
const D = "pbx.test";
const captured = transcriptEvents("json-ALL-registration-and-call-cyrillic");

/** A captured event with some headers replaced (undefined removes one). */
function retold(e: EslEvent, changes: Record<string, string | undefined>): EslEvent {
  const headers: Record<string, string> = { ...e.headers };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...e, headers };
}

function replay(events: EslEvent[]): { state: LiveState; calls: Call[][] } {
  let state = emptyLiveState("connected");
  const calls: Call[][] = [];
  for (const e of events) {
    state = reduceLive(state, e, NOW).state;
    calls.push([...state.calls.values()]);
  }
  return { state, calls };
}

describe("a softphone calling an extension", () => {
  /*
   * baresip sends no display name, so FreeSWITCH names the A leg "1001" until
   * the dialplan renames it after the directory (set_profile_var); the B leg,
   * dialled through the directory's sofia/internal/1002%domain, carries that
   * dial string as its destination and callee number.
   */
  const firstBLegEvent = captured.findIndex((e) => e.headers["Unique-ID"] === B_LEG);
  const events = captured.map((e, i) => {
    const uuid = e.headers["Unique-ID"];
    if (uuid === A_LEG) return retold(e, { "Caller-Caller-ID-Name": i < firstBLegEvent ? "1001" : "Lab 1001" });
    if (uuid === B_LEG) {
      return retold(e, { "Caller-Destination-Number": `1002%${D}`, "Caller-Callee-ID-Number": e.headers["Caller-Callee-ID-Number"] && `1002%${D}` });
    }
    return e;
  });
  const bridged = events.findIndex((e) => e.name === "CHANNEL_BRIDGE");

  test("once the dialplan has named the caller, /calls shows the directory's name, the name the callee's leg carries", () => {
    const { calls } = replay(events.slice(0, bridged + 1));
    expect(calls[firstBLegEvent - 1]).toMatchObject([{ from: "1001", fromName: "1001" }]);
    expect(calls.at(-1)).toMatchObject([{ id: A_LEG, from: "1001", fromName: "Lab 1001", to: "1002" }]);
  });

  test("both legs name the caller alike, and the B leg's destination is the extension dialled, not sofia's dial string", () => {
    const { state } = replay(events.slice(0, bridged + 1));
    expect(state.channels.get(A_LEG)).toMatchObject({ callerNumber: "1001", callerName: "Lab 1001", destination: "1002" });
    expect(state.channels.get(B_LEG)).toMatchObject({ callerNumber: "1001", callerName: "Lab 1001", destination: "1002", calleeNumber: "1002" });
  });

  test("a resync from show channels reads the B leg's numbers the same way", () => {
    const [row] = parseRows(apiReply("api_show_channels_json_active")) ?? [];
    const bLeg = { ...row, direction: "outbound", dest: `1002%${D}`, callee_num: `1002%${D}` };
    expect(channelFromRow(bLeg, NOW)).toMatchObject({ destination: "1002", calleeNumber: "1002" });
  });
});

describe("a click-to-call from 1001 to 998901234567", () => {
  const AGENT = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
  const CUSTOMER = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
  const template = (name: string, uuid: string) => {
    const e = captured.find((c) => c.name === name && c.headers["Unique-ID"] === uuid);
    if (!e) throw new Error(`no captured ${name} for ${uuid}`);
    const noOtherLeg = Object.fromEntries(Object.keys(e.headers).filter((k) => k.startsWith("Other-Leg-")).map((k) => [k, undefined]));
    return retold(e, noOtherLeg);
  };
  // The agent's leg as FreeSWITCH originates it: the phone shows the customer's
  // number as its caller id, the agent is the callee ("Outbound Call" <1001%domain>).
  const agentLeg = {
    "Unique-ID": AGENT,
    "Channel-Call-UUID": AGENT,
    "Call-Direction": "outbound",
    "Caller-Caller-ID-Name": "Click-to-call",
    "Caller-Caller-ID-Number": "998901234567",
    "Caller-Callee-ID-Name": "Outbound Call",
    "Caller-Callee-ID-Number": `1001%${D}`,
    "Caller-Destination-Number": `1001%${D}`,
    variable_user_name: undefined,
    variable_dialed_user: "1001",
    variable_callboard_caller: "1001",
  };
  // Answered, it entered `default`: FreeSWITCH swapped caller and callee, then the dialplan named the agent.
  const agentInDialplan = {
    ...agentLeg,
    "Caller-Caller-ID-Name": "Operator 1",
    "Caller-Caller-ID-Number": "1001",
    "Caller-Callee-ID-Name": "Outbound Call",
    "Caller-Callee-ID-Number": "998901234567",
    "Caller-Destination-Number": "998901234567",
    "Other-Leg-Unique-ID": CUSTOMER,
  };
  const customerLeg = {
    "Unique-ID": CUSTOMER,
    "Channel-Call-UUID": CUSTOMER,
    "Channel-Name": "sofia/gateway/belluz/998901234567",
    "Caller-Caller-ID-Name": "Bell Savdo",
    "Caller-Caller-ID-Number": "998785553322",
    "Caller-Callee-ID-Number": "998901234567",
    "Caller-Destination-Number": "998901234567",
    "Other-Leg-Unique-ID": AGENT,
    variable_dialed_user: undefined,
    variable_sip_gateway_name: "belluz",
  };
  const events = [
    retold(template("CHANNEL_CREATE", A_LEG), agentLeg),
    retold(template("CHANNEL_PROGRESS", A_LEG), agentLeg),
    retold(template("CHANNEL_ANSWER", A_LEG), agentLeg),
    retold(template("CHANNEL_CREATE", B_LEG), customerLeg),
    retold(template("CHANNEL_PROGRESS", B_LEG), customerLeg),
    retold(template("CHANNEL_ANSWER", B_LEG), customerLeg),
    retold(template("CHANNEL_BRIDGE", A_LEG), agentInDialplan),
  ];

  test("it reads agent → customer from the first ring to the bridge, never customer → agent or a dial string", () => {
    const { calls } = replay(events);
    for (const step of calls) expect(step).toMatchObject([{ id: AGENT, from: "1001", to: "998901234567" }]);
    expect(calls[0]).toMatchObject([{ state: "ringing", direction: "internal" }]);
    expect(calls.at(-1)).toMatchObject([{ legs: [AGENT, CUSTOMER], state: "active", direction: "outbound", gateway: "belluz" }]);
  });

  test("the agent's name appears once the dialplan has named the leg; FreeSWITCH's 'Outbound Call' is never shown as a name", () => {
    const { calls } = replay(events);
    expect(calls.slice(0, -1).map((step) => step[0]?.fromName)).toEqual(["", "", "", "", "", ""]);
    expect(calls.at(-1)?.[0]?.fromName).toBe("Operator 1");
  });
});
