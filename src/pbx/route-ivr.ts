import { chooseIvrDestination, type IvrChoice } from "./ivr-menus.ts";
import { isHangupCause } from "./safe-values.ts";
import { reject, type CallRequest, type PublicTarget, type RoutingLookup } from "./route-decision.ts";
import { publicDestination, viaTimeCondition } from "./route-destination.ts";

/**
 * A key pressed in a menu (or its fallback), routed against the menu as
 * stored now: the same destinations a DID has, so never a gateway. A leg
 * already recording since its DID keeps its recording; `record` here is the
 * destination's own.
 */
export function routeIvrChoice(call: CallRequest, rows: RoutingLookup): { choice: IvrChoice; target: PublicTarget } {
  const choice = chooseIvrDestination(call.destination, rows);
  if (!choice.ok) return { choice, target: reject("UNALLOCATED_NUMBER", choice.reason) };
  const { type, target } = choice.destination;
  const what = `IVR menu ${choice.menu} ${choice.via === "fallback" ? "fallback" : `${choice.via} ${choice.key}`}`;
  if (type === "hangup") return { choice, target: isHangupCause(target) ? reject(target, `${what} hangs up`) : reject("NORMAL_CLEARING", `${what} hangs up (cause not one callboard uses)`) };
  if (type === "time_condition") return { choice, target: viaTimeCondition(target, what, call, false, rows, "UNALLOCATED_NUMBER").target };
  return { choice, target: publicDestination({ type, target }, what, call, false, rows).target };
}
