/**
 * A queue's dialplan actions: answer, wait in mod_callcenter's queue, then
 * the fallback. `callcenter` returns when the caller leaves the queue
 * unanswered (max-wait-time, no agent logged in for
 * max-wait-time-with-no-agent): the next actions are the fallback's
 * bridges and the hang-up, or, for a time condition, a transfer to
 * callboard's context `forward`, where the clock decides at that moment. When an agent answers, mod_callcenter bridges
 * the caller to the agent's leg (uuid_bridge) and the caller's leg is out of
 * the dialplan; hangup_after_bridge ends it with the agent's hang-up rather
 * than going on to the fallback.
 */
import { QUEUE_NAME } from "../pbx/queues.ts";
import type { QueueTarget } from "../pbx/queues.ts";
import { isHangupCause } from "../pbx/safe-values.ts";
import type { Action } from "./dialplan-document.ts";
import { stepDialString, timeConditionTransfer, type RingGroupOptions } from "./render-ring-group.ts";
import { must } from "./unsafe-value.ts";

export function queueActions(t: QueueTarget, opts: RingGroupOptions, problems: string[], record: readonly Action[]): Action[] {
  must(QUEUE_NAME.test(t.queue), "queue name");
  must(isHangupCause(t.hangupCause), "queue hangup cause");
  return [
    ["set", "hangup_after_bridge=true"],
    ["set", "continue_on_fail=true"],
    ...record,
    ["answer"],
    ["callcenter", t.queue],
    ...t.fallbackSteps.map((step): Action => ["bridge", stepDialString(step, opts, problems)]),
    t.timeCondition === undefined ? ["hangup", t.hangupCause] : timeConditionTransfer(t.timeCondition),
  ];
}
