import { describe, expect, test } from "bun:test";
import { frameEvent, transcriptEvents, type TranscriptName } from "../../test/support/esl-transcript.ts";
import { emptyLiveState, type LiveState, pruneExpired, reduceLive, setEslStatus } from "./live-state.ts";
import type { EslEvent } from "./port.ts";

const NOW = 1_795_344_400_000;
const A_LEG = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";
const B_LEG = "259eac22-5af3-49bd-aec0-8371185f84f6";

function replay(events: EslEvent[], until?: (e: EslEvent) => boolean, start: LiveState = emptyLiveState("connected")) {
  let state = start;
  for (const event of events) {
    state = reduceLive(state, event, NOW).state;
    if (until?.(event)) break;
  }
  return state;
}

const at = (name: string, uuid?: string) => (e: EslEvent) => e.name === name && (!uuid || e.headers["Unique-ID"] === uuid);

describe.each(["json-ALL-registration-and-call-cyrillic", "plain-ALL-registration-and-call-cyrillic"] as TranscriptName[])(
  "second capture round (%s)",
  (name) => {
    const events = transcriptEvents(name);

    test("the Cyrillic caller name survives hold, where sip_from_* would show the callee", () => {
      const state = replay(events, at("CHANNEL_UNHOLD", A_LEG));
      const a = state.channels.get(A_LEG);
      expect(a?.callerName).toBe("Оператор Qo'ng'iroq");
      expect(a?.callerNumber).toBe("1001");
      expect(a?.destination).toBe("1002");
      expect(a?.extension).toBe("1001");
      expect(a?.held).toBe(false);
      const call = state.calls.get(A_LEG);
      expect(call).toMatchObject({ from: "1001", fromName: "Оператор Qo'ng'iroq", to: "1002", direction: "internal", state: "active" });
      expect(call?.legs).toEqual([A_LEG, B_LEG]);
    });

    test("a held A leg makes the call held; the B leg is the phone 1002", () => {
      const state = replay(events, at("CHANNEL_HOLD", A_LEG));
      expect(state.channels.get(A_LEG)).toMatchObject({ held: true, state: "held", bridgedTo: B_LEG });
      expect(state.channels.get(B_LEG)).toMatchObject({ extension: "1002", direction: "outbound", callId: A_LEG, bridgedTo: A_LEG });
      expect(state.calls.get(A_LEG)?.state).toBe("held");
    });

    test("recording shows while it runs, with the file FreeSWITCH writes", () => {
      const during = replay(events, at("RECORD_START", A_LEG));
      expect(during.channels.get(A_LEG)).toMatchObject({ recording: true, recordingPath: "/srv/pbx1/rec/test-cyr.wav" });
      expect(during.calls.get(A_LEG)?.recording).toBe(true);
      const after = replay(events, at("RECORD_STOP", A_LEG));
      expect(after.channels.get(A_LEG)?.recording).toBe(false);
    });

    test("1001's registration carries contact, address, agent and an absolute expiry", () => {
      const state = replay(events, (e) => e.subclass === "sofia::register");
      expect([...state.registrations.values()]).toEqual([
        {
          id: "1001@127.0.0.1/sip:1001@127.0.0.1:5061",
          user: "1001",
          realm: "127.0.0.1",
          contact: "sip:1001@127.0.0.1:5061",
          dialUri: "sip:1001@127.0.0.1:5061",
          networkIp: "127.0.0.1",
          networkPort: 5061,
          transport: "udp",
          userAgent: "sipp-lab",
          expiresAt: NOW + 3600_000,
          profile: "internal",
        },
      ]);
    });

    test("at the end: gateway belluz in FAIL_WAIT after a 503, no channels, no calls, 1001 unregistered", () => {
      const state = replay(events);
      expect(state.gateways.get("belluz")).toMatchObject({
        name: "belluz",
        state: "FAIL_WAIT",
        pingStatus: "DOWN",
        lastStatus: "503 Service Unavailable",
      });
      expect(state.channels.size).toBe(0);
      expect(state.calls.size).toBe(0);
      expect(state.registrations.size).toBe(0);
      expect(state.status).toMatchObject({ esl: "connected", version: "1.10.12-release", sessions: 0 });
    });
  },
);

test("first round: the bridged call 1001 → 1002 rings, then is active with both legs, then leaves", () => {
  const events = transcriptEvents("json-ALL-during-bridged-call-to-1002");
  const a = "ef3f3723-48f2-4ff9-b53f-0e01565b3744";
  const b = "83607c38-23c6-4f94-9e3c-bfb081a49730";
  const ringing = replay(events, at("CHANNEL_PROGRESS", a));
  expect(ringing.calls.get(a)).toMatchObject({ state: "ringing", legs: [a, b], from: "1001", fromName: "Lab 1001" });
  const bridged = replay(events, at("CHANNEL_BRIDGE", a));
  expect(bridged.calls.get(a)).toMatchObject({ state: "active", direction: "internal" });
  expect(bridged.calls.get(a)?.answeredAt).toBeGreaterThan(bridged.calls.get(a)!.createdAt);
  expect(bridged.channels.get(b)?.calleeNumber).toBe("1002");
  const end = replay(events);
  expect(end.channels.size).toBe(0);
  expect(end.calls.size).toBe(0);
});

test("first round plain: a call into the tone IVR is one answered leg that records, then leaves", () => {
  const events = transcriptEvents("plain-ALL-during-call-to-9999");
  const answered = replay(events, at("RECORD_START"));
  const [call] = [...answered.calls.values()];
  expect(call).toMatchObject({ state: "active", to: "9999", from: "1001", recording: true, direction: "internal" });
  expect(call?.legs).toHaveLength(1);
  expect(replay(events).channels.size).toBe(0);
});

test("late events for a destroyed leg never bring it back", () => {
  const events = transcriptEvents("json-ALL-registration-and-call-cyrillic");
  const hangup = events.find(at("CHANNEL_HANGUP", A_LEG))!;
  const state = reduceLive(replay(events), hangup, NOW).state;
  expect(state.channels.has(A_LEG)).toBe(false);
});

test("a registration whose expiry passes is pruned; a live one stays", () => {
  const state = reduceLive(emptyLiveState(), frameEvent("event_json_sofia_register"), NOW).state;
  expect(pruneExpired(state, NOW + 3599_000).changes).toEqual([]);
  const pruned = pruneExpired(state, NOW + 3600_000);
  expect(pruned.state.registrations.size).toBe(0);
  expect(pruned.changes).toEqual([{ kind: "registration", op: "remove", key: "1001@127.0.0.1/sip:1001@127.0.0.1:5061" }]);
});

test("a plain and a JSON capture of the same event give the same registration", () => {
  const plain = reduceLive(emptyLiveState(), frameEvent("event_plain_sofia_register"), NOW).state;
  const json = reduceLive(emptyLiveState(), frameEvent("event_json_sofia_register"), NOW).state;
  expect([...plain.registrations.values()]).toEqual([...json.registrations.values()]);
});

test("heartbeat gives version, sessions and an up-since that does not tick", () => {
  const { state, changes } = reduceLive(emptyLiveState("connected"), frameEvent("event_json_heartbeat"), NOW);
  expect(state.status).toMatchObject({ upSince: NOW - 15044, sessions: 0, lastHeartbeatAt: NOW });
  expect(changes).toHaveLength(1);
});

test("losing ESL is one status change; the channels stay until the resync", () => {
  const mid = replay(transcriptEvents("json-ALL-registration-and-call-cyrillic"), at("CHANNEL_BRIDGE", A_LEG));
  const { state, changes } = setEslStatus(mid, "disconnected", NOW);
  expect(changes).toEqual([{ kind: "status", op: "upsert", key: "status", value: expect.objectContaining({ esl: "disconnected", eslSince: NOW }) }]);
  expect(state.channels.size).toBe(2);
});
