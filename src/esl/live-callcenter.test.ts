import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiReply } from "../../test/support/esl-transcript.ts";
import { agentsFromList, callersFromMembers } from "./live-callcenter.ts";
import { emptyLiveState, reduceLive, type LiveState } from "./live-state.ts";
import { parseAgentList, parseMemberList } from "./parse-callcenter-lists.ts";

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

describe("queue state rebuilt from mod_callcenter's lists", () => {
  const prevAgent = { name: "1001", status: "Available", state: "In a queue call", since: 5 };

  test("agents come from `agent list` alone: stale states corrected, agents deleted over REST gone, new ones added", () => {
    const list = parseAgentList(apiReply("api_callcenter_config_agent_list"))!;
    const gone = { name: "1009", status: "Available", state: "Waiting", since: 1 };
    const agents = agentsFromList(list, new Map([["1001", prevAgent], ["1009", gone]]), 7);
    expect([...agents.values()]).toEqual([
      { name: "1001", status: "On Break", state: "Waiting", since: 1796191580_000 },
      { name: "1002", status: "Logged Out", state: "Waiting", since: 1796191580_000 },
    ]);
    // Unchanged, an agent keeps the time its events gave.
    const same = { name: "1002", status: "Logged Out", state: "Waiting", since: 42 };
    expect(agentsFromList(list, new Map([["1002", same]]), 7).get("1002")!.since).toBe(42);
  });

  test("callers come from `queue list members` while their channel is up; abandoned members are not callers", () => {
    const [waiting] = parseMemberList(apiReply("api_callcenter_config_queue_list_members_waiting"))!;
    const callers = callersFromMembers([waiting!, { ...waiting!, uuid: "gone", state: "Abandoned" }], (uuid) => uuid === waiting!.sessionUuid, new Map());
    expect([...callers.values()]).toEqual([
      {
        id: "0d2fa0a7-de46-40ef-b563-b4f89b7e477a",
        queue: "support",
        channel: "cec7ab5c-310d-4c63-a856-bab278369163",
        callerNumber: "998901112233",
        callerName: "Qo'ng'iroq",
        joinedAt: 1796191580_000,
        state: "waiting",
      },
    ]);
    expect(callersFromMembers([waiting!], () => false, new Map()).size).toBe(0);
    const answered = callersFromMembers([{ ...waiting!, state: "Answered", servingAgent: "1001", bridgeEpoch: 1796191590 }], () => true, new Map());
    expect(answered.get(waiting!.uuid)).toMatchObject({ state: "answered", agent: "1001", answeredAt: 1796191590_000 });
  });

  test("an agent deleted with bgapi `callcenter_config agent del` leaves the live state on its BACKGROUND_JOB's +OK", () => {
    let state: LiveState = { ...emptyLiveState("connected"), queueAgents: new Map([["1001", prevAgent]]) };
    const job = (body: string) => ({ name: "BACKGROUND_JOB" as const, headers: { "Job-Command": "callcenter_config", "Job-Command-Arg": "agent del 1001" }, body });
    expect(reduceLive(state, job("-ERR Unknown Error!\n"), 0).changes).toEqual([]);
    const step = reduceLive(state, job("+OK\n"), 0);
    state = step.state;
    expect(step.changes).toEqual([{ kind: "queueAgent", op: "remove", key: "1001" }]);
    expect(state.queueAgents.size).toBe(0);
  });
});
