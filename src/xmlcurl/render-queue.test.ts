import { describe, expect, test } from "bun:test";
import type { QueueTarget } from "../pbx/queues.ts";
import { queueActions } from "./render-queue.ts";

const opts = { domain: "call.example.uz", ringTimeout: 30 };
const target = (over: Partial<QueueTarget> = {}): QueueTarget => ({ kind: "queue", queue: "support", fallbackSteps: [], hangupCause: "NO_ANSWER", record: false, notes: [], ...over });

describe("a queue's dialplan actions", () => {
  test("after callcenter returns, a time-condition fallback hands the call to context forward instead of hanging up", () => {
    expect(queueActions(target({ timeCondition: "office" }), opts, [], [])).toEqual([
      ["set", "hangup_after_bridge=true"],
      ["set", "continue_on_fail=true"],
      ["answer"],
      ["callcenter", "support"],
      ["transfer", "time-condition-office XML forward"],
    ]);
  });

  test("without one the call ends with the queue's cause", () => {
    expect(queueActions(target({ hangupCause: "USER_BUSY" }), opts, [], []).at(-1)).toEqual(["hangup", "USER_BUSY"]);
  });

  test("a condition name that could carry dialplan syntax (a row forced into the database) is refused", () => {
    expect(() => queueActions(target({ timeCondition: "office XML default" }), opts, [], [])).toThrow();
  });
});
