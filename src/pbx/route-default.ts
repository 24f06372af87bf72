/**
 * Context `default`: calls from registered phones (the internal profile,
 * digest-authenticated). The caller is the extension FreeSWITCH
 * authenticated, never the caller id the phone sent. Voicemail and feature
 * codes, then an extension, then a ring group's number, then an outbound
 * route the caller's class allows.
 */
import { featureCodeTarget } from "./feature-codes.ts";
import { ringExtension } from "./ring-extension.ts";
import { ringGroupTarget } from "./ring-groups.ts";
import { reject, type CallRequest, type ExtensionRow, type Party, type RouteDecision, type RoutingLookup } from "./route-decision.ts";
import { ringContext, traceOf } from "./route-destination.ts";
import { displayName, routeOutbound } from "./route-outbound.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "./safe-values.ts";
import { voicemailCode } from "./voicemail.ts";

/**
 * Inside the company a caller is their extension: its number, never the
 * extension's `callerIdNumber`, which is a public number for providers.
 */
const partyOf = (e: ExtensionRow): Party => ({ name: displayName(e), number: e.number });

type DefaultRoute = Omit<Extract<RouteDecision, { context: "default" }>, "context" | "destination">;

export function routeDefault(call: CallRequest, rows: RoutingLookup): DefaultRoute {
  if (!call.callerExtension) return { target: reject("CALL_REJECTED", "caller is not an authenticated extension") };
  const row = rows.extension(call.callerExtension);
  if (!row?.enabled) return { target: reject("CALL_REJECTED", `caller ${call.callerExtension} is unknown or disabled`) };
  const caller = partyOf(row);
  const dest = call.destination;
  const code = voicemailCode(dest);
  if (code === "anyBox") return { caller, target: { kind: "voicemail_check" } };
  if (code === "ownBox") {
    if (!row.voicemailEnabled) return { caller, target: reject("UNALLOCATED_NUMBER", `${row.number} has no voicemail box`) };
    return { caller, target: { kind: "voicemail_check", box: row.number } };
  }
  const feature = featureCodeTarget(dest, row, rows);
  if (feature) return { caller, target: feature };
  if (!PHONE_NUMBER.test(dest)) return { caller, target: reject("INVALID_NUMBER_FORMAT", "destination is not a number") };

  if (EXTENSION_NUMBER.test(dest)) {
    const callee = rows.extension(dest);
    if (callee?.enabled) {
      const ctx = ringContext(call, rows, { record: row.record, callerId: caller, callerExtension: caller.number });
      const target = ringExtension(callee, ctx);
      return { caller, target, ...traceOf(ctx) };
    }
    const group = rows.ringGroupByNumber(dest);
    if (group?.enabled) return { caller, target: ringGroupTarget(group, rows, { ...caller, extension: caller.number }, row.record) };
  }
  return { caller, target: routeOutbound(dest, row, rows.outboundRoutes()) };
}
