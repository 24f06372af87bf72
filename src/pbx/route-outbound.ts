/**
 * Calls leaving the PBX: which outbound route a number takes, what the
 * provider is sent and which company number it sees. A phone dialling out
 * (route-default.ts) and an extension's forward to an outside number
 * (ring-extension.ts) both come through here, so class rules apply alike.
 */
import { reject, type ExtensionRow, type GatewayTarget, type Rejection, type RouteRow } from "./route-decision.ts";
import { CLASS_RANK, PHONE_NUMBER } from "./safe-values.ts";

/** The name colleagues and providers see for an extension. */
export const displayName = (e: ExtensionRow) => e.callerIdName ?? e.name;

/** The number through the first route that matches it and that `caller`'s class may use: what a phone dialling it gets. */
export function routeOutbound(dest: string, caller: ExtensionRow, routes: readonly RouteRow[]): GatewayTarget | Rejection {
  let barred: string | undefined;
  for (const route of routes) {
    if (!route.enabled || !route.gatewayEnabled) continue;
    if (route.firstChars && !route.firstChars.has(dest.charAt(0))) continue;
    const dialled = applyRoute(route, dest);
    if (dialled === undefined) continue;
    if (!classAllows(caller.outboundClass, route.requiredClass)) {
      barred ??= route.name;
      continue;
    }
    const callerIdNumber = presentedNumber(route, caller);
    if (!callerIdNumber) {
      return reject(
        "NORMAL_TEMPORARY_FAILURE",
        `route ${route.name} has no caller id number to present: set callerIdNumber on the route or on extension ${caller.number} (gateway ${route.gatewayName}'s user name is not a number)`,
      );
    }
    return {
      kind: "gateway",
      route: route.name,
      gateway: route.gatewayName,
      number: dialled,
      record: caller.record || route.record,
      callerIdNumber,
      callerIdName: route.callerIdName ?? displayName(caller),
    };
  }
  if (barred) {
    return reject("OUTGOING_CALL_BARRED", `class ${caller.outboundClass} of ${caller.number} may not use route ${barred}`);
  }
  return reject("UNALLOCATED_NUMBER", "no extension and no outbound route matches");
}

const RANKS: Readonly<Record<string, number | undefined>> = CLASS_RANK;

/**
 * A class outside the four (a row written straight into SQLite) ranks as
 * nothing: `undefined >= n` is false, so such a caller is barred, and a route
 * requiring an unknown class serves nobody.
 */
function classAllows(callerClass: string, requiredClass: string): boolean {
  const have = Object.hasOwn(RANKS, callerClass) ? RANKS[callerClass] : undefined;
  const need = Object.hasOwn(RANKS, requiredClass) ? RANKS[requiredClass] : undefined;
  return have !== undefined && need !== undefined && have >= need;
}

/**
 * The number the provider sees: a company number, never an internal
 * extension number (which a provider replaces with something arbitrary or
 * refuses) and never left to FreeSWITCH (a click-to-call leg carries the
 * customer's own number as its caller id). The route's, else the
 * extension's, else the provider account's user name when it is a number
 * (with Uzbek providers it usually is the company number); with none of
 * these the call fails closed.
 */
function presentedNumber(route: RouteRow, caller: ExtensionRow): string | undefined {
  if (route.callerIdNumber) return route.callerIdNumber;
  if (caller.callerIdNumber) return caller.callerIdNumber;
  return PHONE_NUMBER.test(route.gatewayUsername) ? route.gatewayUsername : undefined;
}

/**
 * The number sent to the gateway: the route's first capture group when it has
 * one (`^\+?(998\d{9})$` drops the +), else the whole destination; then strip
 * and prepend. Unanchored or broken patterns never match.
 */
export function applyRoute(route: Pick<RouteRow, "pattern" | "strip" | "prepend" | "regex">, dest: string): string | undefined {
  const regex = route.regex === undefined ? compileRoute(route.pattern) : route.regex;
  const match = regex?.exec(dest);
  if (!match) return undefined;
  const core = match[1] ?? match[0];
  const number = route.prepend + core.slice(Math.max(0, route.strip));
  return PHONE_NUMBER.test(number) ? number : undefined;
}

/** A route's pattern as applyRoute runs it: null for an unanchored or broken one, which never matches. */
export function compileRoute(pattern: string): RegExp | null {
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) return null;
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}
