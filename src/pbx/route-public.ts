/**
 * Context `public`: calls from providers (the external profile,
 * unauthenticated). The dialled number, in any of its written forms, is
 * looked up among the DIDs. Nothing here reaches a gateway, except a call an
 * extension's owner forwards out through a route their class allows.
 */
import { normalizeDid } from "./numbers.ts";
import { reject, type CallRequest, type RoutingLookup } from "./route-decision.ts";
import { publicDestination, viaTimeCondition, type PublicRoute } from "./route-destination.ts";

export function routePublic(call: CallRequest, rows: RoutingLookup): PublicRoute {
  const did = normalizeDid(call.destination);
  if (!did) return { target: reject("UNALLOCATED_NUMBER", "destination is not a number") };
  const row = rows.did(did);
  if (!row?.enabled) return { target: reject("UNALLOCATED_NUMBER", `DID ${did} is unknown or disabled`) };
  const what = `DID ${did}`;
  if (row.destinationType === "time_condition") return viaTimeCondition(row.destinationTarget, what, call, row.record, rows, "UNALLOCATED_NUMBER");
  if (row.destinationType === "extension" || row.destinationType === "ring_group" || row.destinationType === "queue" || row.destinationType === "ivr") {
    return publicDestination({ type: row.destinationType, target: row.destinationTarget }, what, call, row.record, rows);
  }
  return { target: reject("FACILITY_NOT_IMPLEMENTED", `${what} points at a ${row.destinationType}, not routed yet`) };
}
