/**
 * Whether a call handling may be stored: each forward leads somewhere that
 * exists and that the extension may reach, and following the forwards never
 * comes back round. The REST API, the PBX file and the phone's feature codes
 * all ask this; the routing re-checks at call time (ring-extension.ts).
 */
import { callHandlingOf, FORWARD_FIELDS, forwardLoop, type CallHandling, type Forward, type ForwardField } from "./call-handling.ts";
import { voicemailBoxUsable } from "./ring-extension.ts";
import type { ExtensionRow, HangupCause, RoutingLookup } from "./route-decision.ts";
import { routeOutbound } from "./route-outbound.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "./safe-values.ts";
import type { TimeConditionDestination } from "./time-conditions.ts";

export type ForwardProblem = { field: string; cause: HangupCause; message: string };

/**
 * What is wrong with `forward` for `owner` (as it will be stored), or
 * undefined. A number goes through the outbound route `owner` itself would
 * get dialling it, class included.
 */
export function forwardProblem(owner: ExtensionRow, field: ForwardField, forward: Forward, rows: RoutingLookup): ForwardProblem | undefined {
  const at = `${field}.target`;
  const problem = (cause: HangupCause, message: string): ForwardProblem => ({ field: at, cause, message: `${at}: ${message}` });
  const { type, target } = forward;
  if (type === "extension") {
    if (!EXTENSION_NUMBER.test(target) || !rows.extension(target)) return problem("UNALLOCATED_NUMBER", `extension ${target} does not exist`);
    if (target === owner.number) return problem("CALL_REJECTED", `extension ${target} cannot forward to itself`);
    return undefined;
  }
  if (type === "voicemail") {
    return voicemailBoxUsable(rows, target) ? undefined : problem("UNALLOCATED_NUMBER", `extension ${target} has no voicemail box`);
  }
  if (type === "time_condition") {
    return rows.timeCondition(target) ? undefined : problem("UNALLOCATED_NUMBER", `time condition ${target} does not exist`);
  }
  if (!PHONE_NUMBER.test(target)) return problem("INVALID_NUMBER_FORMAT", "must be digits with an optional leading +, at most 20");
  if (EXTENSION_NUMBER.test(target) && rows.extension(target)) return problem("CALL_REJECTED", `${target} is an extension: forward with type extension`);
  const out = routeOutbound(target, owner, rows.outboundRoutes());
  return out.kind === "reject" ? problem(out.cause, `${target} cannot be dialled by extension ${owner.number}: ${out.reason}`) : undefined;
}

/** The extensions a time condition can send calls to, through the conditions it leads to. */
function conditionExtensions(name: string, rows: RoutingLookup, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const tc = rows.timeCondition(name);
  if (!tc) return [];
  return [tc.open, tc.closed].flatMap((d: TimeConditionDestination) =>
    d.type === "extension" ? [d.target] : d.type === "time_condition" ? conditionExtensions(d.target, rows, seen) : [],
  );
}

/** The extensions one forward sends calls to, directly or through time conditions. */
function extensionsOf(forward: Forward | null, rows: RoutingLookup): string[] {
  if (forward?.type === "extension") return [forward.target];
  if (forward?.type === "time_condition") return conditionExtensions(forward.target, rows);
  return [];
}

/** The extensions a handling forwards to, directly or through time conditions. */
export const forwardedExtensions = (handling: CallHandling, rows: RoutingLookup): string[] => FORWARD_FIELDS.flatMap((f) => extensionsOf(handling[f], rows));

/** The first problem with `handling` for `owner`, loops included (`1001 → 1002 → 1001`), naming the forward at fault. */
export function callHandlingProblem(owner: ExtensionRow, handling: CallHandling, rows: RoutingLookup): ForwardProblem | undefined {
  for (const field of FORWARD_FIELDS) {
    const fw = handling[field];
    const found = fw && forwardProblem(owner, field, fw, rows);
    if (found) return found;
  }
  const next = (n: string) => {
    const row = rows.extension(n);
    return row ? forwardedExtensions(callHandlingOf(row), rows) : [];
  };
  for (const field of FORWARD_FIELDS) {
    const loop = forwardLoop(owner.number, extensionsOf(handling[field], rows), next);
    if (loop) return { field: `${field}.target`, cause: "CALL_REJECTED", message: `${field}.target: ${loop.join(" → ")} would forward calls round in a loop` };
  }
  return undefined;
}
