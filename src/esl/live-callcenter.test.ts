import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emptyLiveState, reduceLive, type LiveState } from "./live-state.ts";

/** mod_callcenter's events as FreeSWITCH 1.10.12 sent them (test/freeswitch/queues.test.ts). */
const EVENTS: Record<string, string>[] = JSON.parse(readFileSync(join(import.meta.dir, "../../test/fixtures/freeswitch/esl/callcenter-events.json"), "utf8"));

const play = (events: Record<string, string>[], state: LiveState = emptyLiveState("connected")) => {
  const kinds: string[] = [];
  for (const headers of events) {
    const step = reduceLive(state, { name: "CUSTOM", subclass: "callcenter::info", headers }, 0);
    state = step.state;
    kinds.push(...step.changes.map((c) => `${c.kind} ${c.op}`));
  }
  return { state, kinds };
};
const upTo = (action: string, nth = 1) => {
  let seen = 0;
  return EVENTS.slice(0, EVENTS.findIndex((e) => e["CC-Action"] === action && ++seen === nth) + 1);
};

describe("queue state from mod_callcenter's events", () => {
  test("a caller joins the queue waiting, with its number and the time it joined", () => {
    const { state } = play(upTo("member-queue-start"));
    const [caller] = [...state.queueCallers.values()];
    expect(caller).toMatchObject({ queue: "support", callerNumber: "998901112233", state: "waiting" });
    expect(caller!.joinedAt).toBeGreaterThan(1_700_000_000_000);
    expect(caller!.channel).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("the agent answering marks the caller answered by 1001; the caller leaves at member-queue-end", () => {
    const answered = play(upTo("bridge-agent-end")).state;
    expect([...answered.queueCallers.values()][0]).toMatchObject({ state: "answered", agent: "1001" });
    expect(answered.queueAgents.get("1001")).toMatchObject({ status: "Available", state: "In a queue call" });
    const ended = play(upTo("member-queue-end")).state;
    expect(ended.queueCallers.size).toBe(0);
  });

  test("a status set over ESL is the agent's status; a caller timing out leaves the queue", () => {
    const { state, kinds } = play(EVENTS);
    expect(state.queueAgents.get("1001")).toMatchObject({ status: "On Break", state: "Waiting" });
    expect(state.queueCallers.size).toBe(0);
    expect(kinds.filter((k) => k === "queueCaller upsert").length).toBe(3);
    expect(kinds.filter((k) => k === "queueCaller remove").length).toBe(2);
  });
});
