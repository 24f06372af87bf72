import { expect, test } from "bun:test";
import { apiReply } from "../../test/support/esl-transcript.ts";
import { parseAgentList, parseMemberList, parsePipeTable, parseQueueList, parseTierList } from "./parse-callcenter-lists.ts";

test("agent list as FreeSWITCH 1.10.12 gives it: each agent's contact, status, state, wrap-up and no-answer limit", () => {
  expect(parseAgentList(apiReply("api_callcenter_config_agent_list"))).toEqual([
    { name: "1001", contact: "user/1001@pbx.test", status: "On Break", state: "Waiting", wrapUpSeconds: 0, maxNoAnswer: 3, lastStatusChange: 1796191580 },
    { name: "1002", contact: "user/1002@pbx.test", status: "Logged Out", state: "Waiting", wrapUpSeconds: 10, maxNoAnswer: 3, lastStatusChange: 1796191580 },
  ]);
});

test("tier list and queue list as FreeSWITCH 1.10.12 gives them", () => {
  expect(parseTierList(apiReply("api_callcenter_config_tier_list"))).toEqual([
    { queue: "support", agent: "1001", level: 1, position: 1 },
    { queue: "support", agent: "1002", level: 2, position: 1 },
  ]);
  expect(parseQueueList(apiReply("api_callcenter_config_queue_list_support"))).toEqual([
    { name: "support", strategy: "longest-idle-agent", moh: "tone_stream://%(2000,4000,440,480);loops=-1", maxWaitSeconds: 40, noAgentMaxWaitSeconds: 0 },
  ]);
  expect(parseQueueList(apiReply("api_callcenter_config_queue_list"))).toEqual([]);
});

test("a caller waiting in the queue, from queue list members; an empty table is a bare +OK with no header", () => {
  expect(parseMemberList(apiReply("api_callcenter_config_queue_list_members_waiting"))).toEqual([
    {
      queue: "support",
      uuid: "0d2fa0a7-de46-40ef-b563-b4f89b7e477a",
      sessionUuid: "cec7ab5c-310d-4c63-a856-bab278369163",
      callerNumber: "998901112233",
      callerName: "Qo'ng'iroq",
      joinedEpoch: 1796191580,
      bridgeEpoch: 0,
      servingAgent: "",
      state: "Waiting",
    },
  ]);
  expect(parseMemberList(apiReply("api_callcenter_config_queue_list_members_empty"))).toEqual([]);
});

test("a caller's name holding | is read whole: the columns after it are counted from the right", () => {
  const reply = apiReply("api_callcenter_config_queue_list_members_waiting").replace("Qo'ng'iroq", "A|B|C");
  expect(parseMemberList(reply)?.[0]).toMatchObject({ callerName: "A|B|C", state: "Waiting", servingAgent: "" });
});

test("an error, an empty reply (the simulator) or a row short of columns is no table", () => {
  expect(parseAgentList(apiReply("api_callcenter_config_agent_set_status_unknown_agent"))).toBeUndefined();
  expect(parseAgentList("")).toBeUndefined();
  expect(parsePipeTable("a|b\n1\n+OK\n")).toBeUndefined();
  expect(parsePipeTable("a|b\n1|2|3\n+OK\n")).toBeUndefined();
  // The queue list's columns are not an agent list.
  expect(parseAgentList(apiReply("api_callcenter_config_queue_list_support"))).toBeUndefined();
});
