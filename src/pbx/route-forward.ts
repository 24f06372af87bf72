import { routeUnanswered } from "./ring-extension.ts";
import { reject, type CallRequest, type RoutingLookup } from "./route-decision.ts";
import { ringContext, traceOf, viaTimeCondition, type PublicRoute } from "./route-destination.ts";

/** What callboard's own transfers into context `forward` name: an unanswered ring, or a ring group's time-condition fallback. */
export const FORWARD_DESTINATION = /^(unanswered|time-condition)-([a-z0-9_-]{1,32})$/;

/**
 * Context `forward` is callboard's own: only its answers put a call there
 * (`transfer … XML forward`): sofia sends phones to `default` and providers
 * to `public`, and a phone dialling these names in `default` gets
 * INVALID_NUMBER_FORMAT. `unanswered-1001`: 1001's phones gave up;
 * `time-condition-night`: a ring group nobody answered falls back to a
 * condition, decided now (render-ring-group.ts). Recording already runs on the channel: nothing is recorded
 * again.
 */
export function routeForward(call: CallRequest, rows: RoutingLookup): PublicRoute {
  const m = FORWARD_DESTINATION.exec(call.destination);
  if (!m) return { target: reject("UNALLOCATED_NUMBER", "not a destination callboard transfers to") };
  const [, kind, key] = m as unknown as [string, string, string];
  const ctx = ringContext(call, rows, { record: false });
  if (kind === "unanswered") return { target: routeUnanswered(key, call.failedCause, ctx), ...traceOf(ctx) };
  return viaTimeCondition(key, `fallback time condition ${key}`, call, false, rows, "NO_ANSWER");
}
