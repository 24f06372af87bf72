/**
 * Where a DID, a time condition, a ring group's or queue's fallback, or an
 * IVR key sends a call: the destinations the contexts that serve callers
 * from outside share (route-public.ts, route-forward.ts, route-ivr.ts).
 * Never a gateway, unless the extension reached forwards its calls out.
 */
import { queueTarget } from "./queues.ts";
import { ringExtension, type RingContext } from "./ring-extension.ts";
import { ringGroupTarget } from "./ring-groups.ts";
import { reject, type CallRequest, type HangupCause, type PublicTarget, type RoutingLookup } from "./route-decision.ts";
import { isHangupCause } from "./safe-values.ts";
import { followTimeConditions, type TimeConditionDestination, type TimeConditionStep } from "./time-conditions.ts";

export type PublicRoute = { via?: TimeConditionStep[]; notes?: string[]; target: PublicTarget };

export function ringContext(call: CallRequest, rows: RoutingLookup, from: Pick<RingContext, "record" | "callerId" | "callerExtension">): RingContext {
  return { rows, ...(call.clock ? { clock: call.clock } : {}), ...from, hops: call.forwardHops ?? 0, path: [], via: [], notes: [] };
}

/** The time conditions and notes a call's forwards gathered, for the decision. */
export const traceOf = (ctx: RingContext) => ({ ...(ctx.via.length > 0 ? { via: ctx.via } : {}), ...(ctx.notes.length > 0 ? { notes: ctx.notes } : {}) });

/** Where a DID, a time condition or an IVR menu sends a call. */
export type PublicDestination = { type: TimeConditionDestination["type"] | "queue" | "ivr"; target: string };

/** A time condition decided by the call's clock, then where its open or closed destination sends the call. */
export function viaTimeCondition(name: string, what: string, call: CallRequest, record: boolean, rows: RoutingLookup, missing: HangupCause): PublicRoute {
  if (!call.clock) return { target: reject("NORMAL_TEMPORARY_FAILURE", `${what} points at a time condition and the call has no clock`) };
  const followed = followTimeConditions(name, (n) => rows.timeCondition(n), call.clock.at, call.clock.timeZone);
  const via = followed.steps;
  if (!followed.end) return { via, target: reject(missing, `${what}: ${followed.problem}`) };
  const last = via.at(-1)!;
  const routed = publicDestination(followed.end, `${what} via time condition ${last.timeCondition} (${last.state})`, call, record, rows);
  return { ...routed, via: [...via, ...(routed.via ?? [])] };
}

/**
 * Where a DID (or the time condition it passed through) sends the call.
 * Never a gateway, unless the extension it reaches forwards its calls out.
 */
export function publicDestination(dest: PublicDestination, what: string, call: CallRequest, record: boolean, rows: RoutingLookup): PublicRoute {
  if (dest.type === "ring_group") {
    const group = rows.ringGroup(dest.target);
    if (!group?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled ring group`) };
    return { target: ringGroupTarget(group, rows, { name: call.callerIdName, number: call.callerIdNumber }, record) };
  }
  if (dest.type === "queue") {
    const queue = rows.queue(dest.target);
    if (!queue?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled queue`) };
    return { target: queueTarget(queue, rows, { name: call.callerIdName, number: call.callerIdNumber }, record) };
  }
  if (dest.type === "ivr") {
    const menu = rows.ivrMenu(dest.target);
    if (!menu?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled IVR menu`) };
    return { target: { kind: "ivr", menu: menu.name, record } };
  }
  if (dest.type === "hangup") {
    return { target: isHangupCause(dest.target) ? reject(dest.target, `${what} hangs up`) : reject("NORMAL_CLEARING", `${what} hangs up (cause not one callboard uses)`) };
  }
  if (dest.type !== "extension") return { target: reject("UNALLOCATED_NUMBER", `${what} points at a ${dest.type}`) };
  const ext = rows.extension(dest.target);
  if (!ext?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled extension`) };
  const ctx = ringContext(call, rows, { record });
  return { target: ringExtension(ext, ctx), ...traceOf(ctx) };
}
