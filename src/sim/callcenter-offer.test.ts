import { expect, test } from "bun:test";
import type { TierConf } from "./callcenter-config.ts";
import { agentsToOffer } from "./callcenter-offer.ts";
import type { Agent } from "./callcenter-state.ts";

const agent = (name: string, o: Partial<Agent> = {}): Agent => ({
  name,
  contact: `user/${name}@pbx.test`,
  status: "Available",
  maxNoAnswer: 3,
  wrapUpSeconds: 10,
  noAnswerDelaySeconds: 10,
  rejectDelaySeconds: 10,
  busyDelaySeconds: 10,
  state: "Waiting",
  lastBridgeEndMs: 0,
  readyAtMs: 0,
  noAnswerCount: 0,
  ...o,
});
const tier = (agentName: string, level = 1, position = 1): TierConf => ({ queue: "support", agent: agentName, level, position });
const agents = new Map([
  ["1001", agent("1001", { lastBridgeEndMs: 5_000 })],
  ["1002", agent("1002", { lastBridgeEndMs: 1_000 })],
  ["1003", agent("1003", { status: "On Break" })],
  ["1004", agent("1004", { state: "In a queue call" })],
  ["1005", agent("1005", { readyAtMs: 20_000 })],
  ["1006", agent("1006", { lastBridgeEndMs: 0 })],
]);
const tiers = [tier("1001", 1, 1), tier("1002", 1, 2), tier("1003", 1, 3), tier("1004", 1, 4), tier("1005", 1, 5), tier("1006", 2, 1)];
const offered = (strategy: string, lastPosition = 0) => agentsToOffer({ strategy, lastPosition }, tiers, agents, 10_000).map((o) => o.agent.name);

test("ring-all offers every agent Available, Waiting and past their ready time, at once", () => {
  expect(offered("ring-all")).toEqual(["1001", "1002", "1006"]);
});

test("longest-idle-agent offers the one whose last queue call ended longest ago, lower tier level first", () => {
  expect(offered("longest-idle-agent")).toEqual(["1002"]);
});

test("top-down takes the first by level and position; round-robin the next position after the last offered", () => {
  expect(offered("top-down")).toEqual(["1001"]);
  expect(offered("round-robin", 1)).toEqual(["1002"]);
  expect(offered("round-robin", 2)).toEqual(["1001"]);
});

test("nobody ready: nobody offered", () => {
  expect(agentsToOffer({ strategy: "ring-all", lastPosition: 0 }, [tier("1003"), tier("1004"), tier("1005")], agents, 10_000)).toEqual([]);
});
