import { describe, expect, test } from "bun:test";
import { crossLoop, type LoopNode } from "./fallback-loop.ts";

const rg = (name: string): LoopNode => ({ type: "ring_group", name });
const tc = (name: string): LoopNode => ({ type: "time_condition", name });
const queue = (name: string): LoopNode => ({ type: "queue", name });

describe("crossLoop", () => {
  const stored: Record<string, LoopNode[]> = {
    "time_condition:night": [rg("sales"), rg("support")],
    "time_condition:day": [rg("support")],
    "ring_group:support": [],
  };
  const next = (n: LoopNode) => stored[`${n.type}:${n.name}`] ?? [];

  test("a group falling back to a condition that sends calls back to it is a loop", () => {
    expect(crossLoop(rg("sales"), [tc("night")], next)).toEqual(["ring group sales", "time condition night", "ring group sales"]);
  });

  test("a condition whose destinations never lead back is no loop", () => {
    expect(crossLoop(rg("sales"), [tc("day")], next)).toBeUndefined();
  });

  test("a condition sending calls to a group that falls back to it is a loop", () => {
    const withFallback = (n: LoopNode) => (n.type === "ring_group" && n.name === "support" ? [tc("day")] : next(n));
    expect(crossLoop(tc("day"), [rg("support")], withFallback)).toEqual(["time condition day", "ring group support", "time condition day"]);
  });

  test("a queue falling back to a condition is no loop while nothing behind the condition leads to a queue", () => {
    expect(crossLoop(queue("support"), [tc("night")], next)).toBeUndefined();
    expect(crossLoop(queue("support"), [rg("support")], next)).toBeUndefined();
  });

  test("a queue whose fallback would come back to it through a condition is a loop, named with the queue", () => {
    const toQueue = (n: LoopNode) => (n.type === "ring_group" && n.name === "support" ? [queue("support")] : next(n));
    expect(crossLoop(queue("support"), [tc("day")], toQueue)).toEqual(["queue support", "time condition day", "ring group support", "queue support"]);
  });
});
