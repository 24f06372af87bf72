/**
 * A call to an extension, with its call handling applied: forward always and
 * do-not-disturb are followed here, at dialplan time; busy and no-answer
 * forwards wait for the phones to give up, so the answer hands an unanswered
 * ring back to callboard (context `forward`, routeUnanswered) with the cause
 * FreeSWITCH saw.
 */
import { BUSY_CAUSES, callHandlingOf, MAX_FORWARD_HOPS, type Forward } from "./call-handling.ts";
import { ringGroupTarget } from "./ring-groups.ts";
import {
  reject,
  type CallRequest,
  type ExtensionRow,
  type ExtensionTarget,
  type ForwardHop,
  type ForwardedGatewayTarget,
  type HangupCause,
  type Party,
  type Rejection,
  type RingGroupTarget,
  type RoutingLookup,
  type VoicemailTarget,
} from "./route-decision.ts";
import { routeOutbound } from "./route-outbound.ts";
import { EXTENSION_NUMBER, isHangupCause } from "./safe-values.ts";
import { followTimeConditions, type TimeConditionStep } from "./time-conditions.ts";

export type RingTarget = ExtensionTarget | RingGroupTarget | VoicemailTarget | ForwardedGatewayTarget | Rejection;

/** What the call carries along the forwards: who called, whether it is recorded, the hops so far. */
export type RingContext = {
  rows: RoutingLookup;
  clock?: CallRequest["clock"];
  record: boolean;
  /** What the callee's phone shows for a call between extensions. */
  callerId?: Party;
  /** The authenticated extension calling, if a phone calls: a forward back to it is not rung. */
  callerExtension?: string;
  hops: number;
  path: ForwardHop[];
  /** The time conditions a forward passed through, for the trace and the answer's log line. */
  via: TimeConditionStep[];
  notes: string[];
};

/** The box an unanswered call is left in, when the extension has one enabled. */
export const voicemailOf = (ext: ExtensionRow) => (ext.voicemailEnabled ? { voicemail: { greeting: ext.voicemailGreeting ?? null } } : {});

/** Whether `box` may take messages: an enabled extension with its voicemail box on. */
export function voicemailBoxUsable(rows: RoutingLookup, box: string): boolean {
  const ext = EXTENSION_NUMBER.test(box) ? rows.extension(box) : undefined;
  return ext?.enabled === true && ext.voicemailEnabled === true;
}

/**
 * Rings `ext` as its handling says: its forward always, else (on
 * do-not-disturb) its busy forward, else its no-answer forward, else busy;
 * else its phones, for its ring time, with the busy and no-answer forwards
 * waiting behind them.
 */
export function ringExtension(ext: ExtensionRow, ctx: RingContext): RingTarget {
  const h = callHandlingOf(ext);
  if (h.forwardAlways) {
    const end = follow(ext, "always", h.forwardAlways, ctx);
    if (end) return end;
  }
  if (h.dnd) {
    const forward = h.forwardBusy ?? h.forwardNoAnswer;
    const end = forward && follow(ext, "dnd", forward, ctx);
    return end ?? reject("USER_BUSY", `extension ${ext.number} is on do-not-disturb`);
  }
  const waits = (h.forwardBusy !== null || h.forwardNoAnswer !== null) && ctx.hops < MAX_FORWARD_HOPS;
  return {
    kind: "extension",
    number: ext.number,
    record: ctx.record || ext.record,
    ...(ctx.callerId ? { callerId: ctx.callerId } : {}),
    ...(h.ringSeconds !== null ? { ringSeconds: h.ringSeconds } : {}),
    ...(waits ? { unanswered: { hops: ctx.hops } } : {}),
    ...(ctx.path.length > 0 ? { forwarded: ctx.path } : {}),
    ...voicemailOf(ext),
  };
}

/** A FreeSWITCH cause callboard may hang up with after an unanswered ring; anything else is NO_ANSWER. */
export function unansweredCause(cause: string | undefined): HangupCause {
  if (cause === "USER_NOT_REGISTERED" || cause === "SUBSCRIBER_ABSENT") return "USER_NOT_REGISTERED";
  if (cause !== undefined && isHangupCause(cause)) return cause;
  return "NO_ANSWER";
}

/**
 * The phones of `number` gave up with `cause` (FreeSWITCH's
 * originate_failed_cause): its busy forward for a busy or declined phone, its
 * no-answer forward for anything else, or the cause itself.
 */
export function routeUnanswered(number: string, cause: string | undefined, ctx: RingContext): RingTarget {
  const ext = EXTENSION_NUMBER.test(number) ? ctx.rows.extension(number) : undefined;
  const ending = unansweredCause(cause);
  if (!ext?.enabled) return reject(ending, `extension ${number} did not answer and is no longer enabled`);
  const h = callHandlingOf(ext);
  const busy = cause !== undefined && BUSY_CAUSES.includes(cause);
  const forward = busy ? h.forwardBusy : h.forwardNoAnswer;
  // Without a no-answer forward an unanswered call is left in the extension's own box, as when nothing is forwarded (busy stays busy).
  if (!forward && !busy && ext.voicemailEnabled) return { kind: "voicemail", box: ext.number, greeting: ext.voicemailGreeting ?? null, forwarded: [] };
  if (!forward) return reject(ending, `extension ${number} did not answer (${cause ?? "no cause"}), no ${busy ? "busy" : "no-answer"} forward`);
  if (ctx.hops >= MAX_FORWARD_HOPS) return reject(ending, `forwarding stopped after ${MAX_FORWARD_HOPS} hops`);
  return follow(ext, busy ? "busy" : "no_answer", forward, ctx) ?? reject(ending, `extension ${number}'s forward cannot be followed`);
}

/** Where one forward leads; undefined when it cannot be followed now (the reason is in ctx.notes). */
function follow(ext: ExtensionRow, reason: ForwardHop["reason"], forward: Forward, ctx: RingContext): RingTarget | undefined {
  const what = `extension ${ext.number}'s ${reason === "always" ? "forward always" : reason === "dnd" ? "do-not-disturb forward" : `${reason.replace("_", "-")} forward`}`;
  if (ctx.hops >= MAX_FORWARD_HOPS) {
    ctx.notes.push(`${what} not followed: ${MAX_FORWARD_HOPS} forwards already`);
    return undefined;
  }
  const next: RingContext = { ...ctx, hops: ctx.hops + 1, path: [...ctx.path, { from: ext.number, reason, to: forward }] };
  switch (forward.type) {
    case "extension": {
      const to = EXTENSION_NUMBER.test(forward.target) ? ctx.rows.extension(forward.target) : undefined;
      if (!to?.enabled) return skip(ctx, `${what} to extension ${forward.target}: missing or disabled`);
      if (to.number === ctx.callerExtension) return skip(ctx, `${what} to ${to.number}: that is the caller`);
      return ringExtension(to, next);
    }
    case "voicemail":
      if (!voicemailBoxUsable(ctx.rows, forward.target)) return skip(ctx, `${what} to voicemail ${forward.target}: no such box`);
      return { kind: "voicemail", box: forward.target, greeting: ctx.rows.extension(forward.target)?.voicemailGreeting ?? null, forwarded: next.path };
    case "number": {
      const out = routeOutbound(forward.target, ext, ctx.rows.outboundRoutes());
      if (out.kind === "reject") return skip(ctx, `${what} to ${forward.target}: ${out.reason}`);
      return { ...out, record: out.record || ctx.record, forwarded: next.path as [ForwardHop, ...ForwardHop[]] };
    }
    case "time_condition": {
      if (!ctx.clock) return skip(ctx, `${what} to time condition ${forward.target}: the call has no clock`);
      const followed = followTimeConditions(forward.target, (n) => ctx.rows.timeCondition(n), ctx.clock.at, ctx.clock.timeZone);
      ctx.via.push(...followed.steps);
      const end = followed.end;
      if (!end) return skip(ctx, `${what}: ${followed.problem}`);
      if (end.type === "hangup") {
        const cause = isHangupCause(end.target) ? end.target : "NORMAL_CLEARING";
        return reject(cause, `${what} via time condition ${forward.target} hangs up`);
      }
      if (end.type === "ring_group") {
        const group = ctx.rows.ringGroup(end.target);
        if (!group?.enabled) return skip(ctx, `${what} via time condition ${forward.target}: ring group ${end.target} missing or disabled`);
        return ringGroupTarget(group, ctx.rows, { ...(ctx.callerId ?? {}), ...(ctx.callerExtension ? { extension: ctx.callerExtension } : {}) }, ctx.record);
      }
      const to = ctx.rows.extension(end.target);
      if (!to?.enabled) return skip(ctx, `${what} via time condition ${forward.target}: extension ${end.target} missing or disabled`);
      return ringExtension(to, next);
    }
  }
}

function skip(ctx: RingContext, note: string): undefined {
  ctx.notes.push(`${note}; not followed`);
  return undefined;
}
