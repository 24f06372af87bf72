import { describe, expect, test } from "bun:test";
import { queueOutcome, queueTarget } from "./queues.ts";
import { ext, group, lookup, queue } from "./routing-fixture.ts";

const rows = lookup([ext("1001"), ext("1002"), ext("1003")], [], [], [group("sales", { fallback: { type: "time_condition", target: "night" } })]);
const caller = { name: "Ali Valiyev", number: "998901112233" };

describe("what a queue does after its max wait", () => {
  test("a time-condition fallback is left to be decided when the caller leaves the queue: nothing rings, the call goes on to the condition", () => {
    const t = queueTarget(queue({ fallback: { type: "time_condition", target: "office" } }), rows, caller, true);
    expect(t).toEqual({ kind: "queue", queue: "support", fallbackSteps: [], hangupCause: "NO_ANSWER", timeCondition: "office", record: true, notes: [] });
    expect(queueOutcome(t)).toBe("queue support → time condition office");
  });

  test("a ring-group fallback rings the group, then goes on to the group's own time-condition fallback", () => {
    const t = queueTarget(queue({ fallback: { type: "ring_group", target: "sales" } }), rows, caller, false);
    expect(t).toMatchObject({ fallbackSteps: [{ kind: "group", group: "sales", members: ["1001", "1002"] }], timeCondition: "night" });
    expect(queueOutcome(t)).toBe("queue support → ring group sales → time condition night");
  });

  test("an extension or a hang-up fallback ends with a cause and no condition", () => {
    const toExt = queueTarget(queue(), rows, caller, false);
    expect(toExt).toMatchObject({ fallbackSteps: [{ kind: "extension", number: "1003" }], hangupCause: "NO_ANSWER" });
    expect(toExt).not.toHaveProperty("timeCondition");
    expect(queueOutcome(queueTarget(queue({ fallback: { type: "hangup", target: "USER_BUSY" } }), rows, caller, false))).toBe("queue support → USER_BUSY");
  });
});
