/**
 * The dialplan actions of call handling: a feature code announcing a change
 * to callboard, and the hand-back of an unanswered ring (see
 * src/pbx/ring-extension.ts). A voicemail box taking the call is
 * render-voicemail.ts's.
 */
import type { FeatureTarget } from "../pbx/feature-codes.ts";
import { FEATURE_ACTIONS } from "../pbx/feature-codes.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "../pbx/safe-values.ts";
import type { Action } from "./dialplan-document.ts";
import { must } from "./unsafe-value.ts";

/** The event subclass callboard's ESL client listens for (src/esl/port.ts). */
export const FEATURE_EVENT_SUBCLASS = "callboard::feature";
/** The channel variable counting the forwards a call followed; only callboard's answers set it. */
export const FORWARD_HOPS_VARIABLE = "callboard_forward_hops";

/** Three rising beeps: the change was sent. */
export const CONFIRM_TONE = "tone_stream://%(150,50,880);%(150,50,1100);%(300,0,1320)";

/**
 * `event` fires a CUSTOM callboard::feature event carrying the change and
 * the channel's own data (variable_user_name and sip_authorized say which
 * phone asked); callboard writes it when the event arrives. Every value is
 * digits or a fixed word, so nothing in it can split the `,`-separated list.
 */
export function featureActions(t: FeatureTarget): Action[] {
  must((FEATURE_ACTIONS as readonly string[]).includes(t.action), "feature action");
  must(EXTENSION_NUMBER.test(t.extension), "feature extension");
  const fields = [`Event-Name=CUSTOM`, `Event-Subclass=${FEATURE_EVENT_SUBCLASS}`, `callboard_feature=${t.action}`, `callboard_extension=${t.extension}`];
  if (t.forward) {
    must(t.forward.type === "extension" || t.forward.type === "number", "feature forward type");
    must(PHONE_NUMBER.test(t.forward.target), "feature forward number");
    fields.push(`callboard_forward_type=${t.forward.type}`, `callboard_forward_target=${t.forward.target}`);
  }
  return [["answer"], ["event", fields.join(",")], ["playback", CONFIRM_TONE], ["hangup", "NORMAL_CLEARING"]];
}

/**
 * What follows a bridge whose phones may not answer when a busy or no-answer
 * forward waits: carry on past the failure, and hand the call back to
 * callboard naming the extension; FreeSWITCH puts the cause in
 * originate_failed_cause.
 */
export function unansweredActions(number: string, hops: number): { before: Action[]; after: Action[] } {
  must(EXTENSION_NUMBER.test(number), "unanswered extension");
  must(Number.isInteger(hops) && hops >= 0 && hops < 100, "forward hops");
  return {
    before: [
      ["set", "continue_on_fail=true"],
      ["set", `${FORWARD_HOPS_VARIABLE}=${hops}`],
    ],
    after: [["transfer", `unanswered-${number} XML forward`]],
  };
}
