/**
 * The dialplan's decision for one call: each FreeSWITCH context callboard
 * serves has its own rules (route-default.ts phones, route-public.ts DIDs,
 * route-forward.ts callboard's own transfers, route-ivr.ts menu keys,
 * route-transfer.ts legs moved over REST); any other context is refused.
 * Pure: rows in (RoutingLookup), a decision out.
 */
import { reject, type CallRequest, type RouteDecision, type RoutingLookup } from "./route-decision.ts";
import { routeDefault } from "./route-default.ts";
import { routeForward } from "./route-forward.ts";
import { routeIvrChoice } from "./route-ivr.ts";
import { routePublic } from "./route-public.ts";
import { routeTransfer } from "./route-transfer.ts";

export type * from "./route-decision.ts";

export function routeCall(call: CallRequest, rows: RoutingLookup): RouteDecision {
  const destination = call.destination;
  if (call.context === "default") return { context: "default", destination, ...routeDefault(call, rows) };
  if (call.context === "public") return { context: "public", destination, ...routePublic(call, rows) };
  if (call.context === "forward") return { context: "forward", destination, ...routeForward(call, rows) };
  if (call.context === "transfer") return { context: "transfer", destination, target: routeTransfer(destination, rows) };
  if (call.context === "ivr") return { context: "ivr", destination, ...routeIvrChoice(call, rows) };
  return {
    context: "other",
    name: call.context,
    destination,
    target: reject("NO_ROUTE_DESTINATION", `context ${call.context} is not served by callboard`),
  };
}
