/**
 * Feature codes a phone dials to change its own call handling (`*78` do not
 * disturb on, `*72` + number forward always on, …). The dialplan answer never
 * writes: it fires a `callboard::feature` event that callboard's event-socket
 * client acts on (src/api/extensions/feature-code-listener.ts), then plays a
 * confirmation tone. A change the rules refuse is refused here, at dialplan
 * time, with a hangup cause, and no event is fired.
 */
import type { Forward, ForwardField } from "./call-handling.ts";
import { callHandlingProblem } from "./call-handling-check.ts";
import { callHandlingOf } from "./call-handling.ts";
import type { ExtensionRow, HangupCause, Rejection, RoutingLookup } from "./route-decision.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "./safe-values.ts";

export const FEATURE_ACTIONS = [
  "forward_always_on",
  "forward_always_off",
  "forward_busy_on",
  "forward_busy_off",
  "forward_no_answer_on",
  "forward_no_answer_off",
  "dnd_on",
  "dnd_off",
] as const;
export type FeatureAction = (typeof FEATURE_ACTIONS)[number];

/** The codes, as MicroSIP, Yealink and most PBXs (FusionPBX's *72/*73, *78/*79; FreePBX's *90/*91) know them. */
export const FEATURE_CODES: readonly { code: string; action: FeatureAction; takesNumber: boolean }[] = [
  { code: "*72", action: "forward_always_on", takesNumber: true },
  { code: "*73", action: "forward_always_off", takesNumber: false },
  { code: "*90", action: "forward_busy_on", takesNumber: true },
  { code: "*91", action: "forward_busy_off", takesNumber: false },
  { code: "*92", action: "forward_no_answer_on", takesNumber: true },
  { code: "*93", action: "forward_no_answer_off", takesNumber: false },
  { code: "*78", action: "dnd_on", takesNumber: false },
  { code: "*79", action: "dnd_off", takesNumber: false },
];

/** The forward each *_on / *_off action sets or clears. */
export const ACTION_FIELD: Partial<Record<FeatureAction, ForwardField>> = {
  forward_always_on: "forwardAlways",
  forward_always_off: "forwardAlways",
  forward_busy_on: "forwardBusy",
  forward_busy_off: "forwardBusy",
  forward_no_answer_on: "forwardNoAnswer",
  forward_no_answer_off: "forwardNoAnswer",
};

/** A change a phone asked for and the rules allow: the answer announces it, callboard writes it. */
export type FeatureTarget = { kind: "feature"; action: FeatureAction; extension: string; forward?: Forward };

const reject = (cause: HangupCause, reason: string): Rejection => ({ kind: "reject", cause, reason });

/** A dialled number as a forward: an extension when one has it, else an outside number. */
export function forwardTo(number: string, rows: RoutingLookup): Forward {
  return EXTENSION_NUMBER.test(number) && rows.extension(number) ? { type: "extension", target: number } : { type: "number", target: number };
}

/**
 * `dest` as a feature code dialled by `caller`: the change, a refusal, or
 * undefined when it is not a feature code at all.
 */
export function featureCodeTarget(dest: string, caller: ExtensionRow, rows: RoutingLookup): FeatureTarget | Rejection | undefined {
  if (!dest.startsWith("*")) return undefined;
  const feature = FEATURE_CODES.find((f) => dest.startsWith(f.code));
  if (!feature) return undefined;
  const rest = dest.slice(feature.code.length);
  const base = { kind: "feature" as const, action: feature.action, extension: caller.number };
  if (!feature.takesNumber) return rest === "" ? base : reject("INVALID_NUMBER_FORMAT", `${feature.code} takes no number`);
  if (!PHONE_NUMBER.test(rest)) return reject("INVALID_NUMBER_FORMAT", `${feature.code} needs the number to forward to`);
  const forward = forwardTo(rest, rows);
  const field = ACTION_FIELD[feature.action]!;
  const problem = callHandlingProblem(caller, { ...callHandlingOf(caller), [field]: forward }, rows);
  if (problem) return reject(problem.cause, `${feature.code}: ${problem.message}`);
  return { ...base, forward };
}
