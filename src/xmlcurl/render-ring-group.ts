/**
 * A ring group's dialplan actions: one `bridge` per step (the group's
 * members, then each fallback), tried in order until one is answered, then
 * the group's hang-up cause.
 *
 * Every member's every registered phone rings: the endpoints come from the
 * registrations callboard mirrors (user-dial-string.ts), each with the
 * member's own variables in `[...]`. Simultaneous joins all of them with
 * `,`; sequential puts `|` between members (FreeSWITCH's failover: the next
 * member starts when the previous one's phones all gave up), each member's
 * phones still ringing together.
 *
 * Timing: each member's legs carry `leg_timeout`; a sequential group's
 * members get what is left of the total (members past it are not rung), so
 * the whole group never rings longer than `timeoutSeconds`. FreeSWITCH
 * restarts originate_timeout for each `|` member, so it is set just above
 * the longest leg and told to carry on to the next member when it fires.
 *
 * Only `sofia/internal/` endpoints are ever written: nothing here can reach a
 * gateway, which is what lets a DID (context `public`) point at a group.
 */
import type { SrtpMode } from "../config.ts";
import type { RingGroupTarget, RingStep } from "../pbx/ring-groups.ts";
import { EXTENSION_NUMBER, isHangupCause, isSafe, PREFIXED_CALLER_NAME, RING_GROUP_NAME } from "../pbx/safe-values.ts";
import { TIME_CONDITION_NAME } from "../pbx/time-conditions.ts";
import type { Action } from "./dialplan-document.ts";
import { must } from "./unsafe-value.ts";
import { legString, phoneEndpoints } from "./user-dial-string.ts";

export type RingGroupOptions = {
  /** The SIP domain, checked by the caller (render-dialplan.ts). */
  domain: string;
  /** How long a fallback extension rings (CALLBOARD_RING_TIMEOUT). */
  ringTimeout: number;
  /** The dial URIs of an extension's registered phones; none known: FreeSWITCH looks them up (`N%domain`). */
  contacts?: (number: string) => readonly string[];
  /** SRTP for phones on TLS (CALLBOARD_SRTP). */
  srtp?: SrtpMode;
};

type GroupStep = Extract<RingStep, { kind: "group" }>;

const wholeSeconds = (n: number, max: number) => Number.isInteger(n) && n > 0 && n <= max;

/** How long each member rings; a sequential group's list ends where the total runs out. */
export function memberRingSeconds(step: Pick<GroupStep, "strategy" | "members" | "ringSeconds" | "timeoutSeconds">): number[] {
  if (step.strategy === "simultaneous") return step.members.map(() => Math.min(step.ringSeconds, step.timeoutSeconds));
  const out: number[] = [];
  for (let i = 0; i < step.members.length; i++) {
    const left = step.timeoutSeconds - i * step.ringSeconds;
    if (left <= 0) break;
    out.push(Math.min(step.ringSeconds, left));
  }
  return out;
}

function memberLegs(number: string, seconds: number, opts: RingGroupOptions, problems: string[]): string {
  must(EXTENSION_NUMBER.test(number), "ring group member");
  const { endpoints, problems: found } = phoneEndpoints(number, opts.domain, opts.contacts?.(number) ?? [], opts.srtp);
  problems.push(...found);
  const vars = [`leg_timeout=${seconds}`, `presence_id=${number}@${opts.domain}`, `dialed_user=${number}`, `dialed_domain=${opts.domain}`];
  return endpoints.map((e) => legString([...vars, ...e.vars], e.channel)).join(",");
}

function dialString(step: GroupStep, opts: RingGroupOptions, problems: string[]): string {
  must(RING_GROUP_NAME.test(step.group), "ring group name");
  must(wholeSeconds(step.ringSeconds, 600) && wholeSeconds(step.timeoutSeconds, 3600), "ring group timeouts");
  must(step.members.length > 0, "ring group members");
  const seconds = memberRingSeconds(step);
  const members = seconds.map((s, i) => memberLegs(step.members[i]!, s, opts, problems));
  const sequential = step.strategy === "sequential";
  const globals = [`originate_timeout=${Math.max(...seconds) + (sequential ? 1 : 0)}`, `sip_invite_domain=${opts.domain}`];
  if (sequential) globals.push("originate_continue_on_timeout=true");
  if (step.callerIdName !== undefined) {
    if (isSafe(PREFIXED_CALLER_NAME, step.callerIdName)) globals.push(`origination_caller_id_name=${step.callerIdName}`);
    else problems.push(`ring group ${step.group}: caller id name is not safe, left out`);
  }
  return `{${globals.join(",")}}${members.join(sequential ? "|" : ",")}`;
}

/** A group falling back to one extension rings it like a one-member group, for the PBX's ring timeout. */
export function stepDialString(step: RingStep, opts: RingGroupOptions, problems: string[]): string {
  if (step.kind === "group") return dialString(step, opts, problems);
  must(wholeSeconds(opts.ringTimeout, 600), "ring timeout");
  const asGroup: GroupStep = {
    kind: "group",
    group: "fallback",
    strategy: "simultaneous",
    members: [step.number],
    ringSeconds: opts.ringTimeout,
    timeoutSeconds: opts.ringTimeout,
    ...(step.callerIdName === undefined ? {} : { callerIdName: step.callerIdName }),
  };
  return dialString(asGroup, opts, problems);
}

/**
 * `continue_on_fail=true`: whatever ends a step (no answer, busy, no phone
 * registered), the next action runs; once a step is answered,
 * hangup_after_bridge ends the call with it. A group falling back to a time
 * condition ends in a transfer to context `forward` instead of a hang-up:
 * callboard decides open or closed when the call gets there, not when the
 * group started ringing. `record` are the recording
 * actions render-dialplan.ts made for the call, if it is recorded.
 */
export function ringGroupActions(t: RingGroupTarget, opts: RingGroupOptions, problems: string[], record: readonly Action[]): Action[] {
  must(isHangupCause(t.hangupCause), "ring group hangup cause");
  return [
    ["set", "hangup_after_bridge=true"],
    ["set", "continue_on_fail=true"],
    ...(t.steps.length > 0 ? record : []),
    ...t.steps.map((step): Action => ["bridge", stepDialString(step, opts, problems)]),
    t.timeCondition === undefined ? ["hangup", t.hangupCause] : timeConditionTransfer(t.timeCondition),
  ];
}

/** Hands the call back to callboard (context `forward`), which decides the condition by its clock then. */
export function timeConditionTransfer(name: string): Action {
  must(TIME_CONDITION_NAME.test(name), "fallback time condition");
  return ["transfer", `time-condition-${name} XML forward`];
}

/** The answer's log line: `ring group sales sequential 1001|1002 → extension 1003 → NO_ANSWER`. */
export function ringGroupOutcome(t: RingGroupTarget): string {
  const steps = t.steps.map((s) =>
    s.kind === "extension" ? `extension ${s.number}` : `${s.group === t.group ? "" : `ring group ${s.group} `}${s.strategy} ${s.members.join(s.strategy === "sequential" ? "|" : ",")}`,
  );
  const end = t.timeCondition === undefined ? t.hangupCause : `time condition ${t.timeCondition}`;
  return `ring group ${t.group}: ${[...steps, end].join(" → ")}`;
}
