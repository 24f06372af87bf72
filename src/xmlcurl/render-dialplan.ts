import type { SrtpMode } from "../config.ts";
import { IVR_MENU_NAME } from "../pbx/ivr-menus.ts";
import type { ExtensionTarget, GatewayTarget, Party, RouteDecision } from "../pbx/route-call.ts";
import { VOICEMAIL_AFTER_FAILED_BRIDGE, voicemailCheckActions, voicemailLeaveActions } from "./render-voicemail.ts";
import { featureActions, unansweredActions } from "./render-call-handling.ts";
import { DISPLAY_NAME, EXTENSION_NUMBER, GATEWAY_NAME, HOST_NAME, PHONE_NUMBER, RING_GROUP_NAME, ROUTE_NAME, isSafe } from "../pbx/safe-values.ts";
import type { Rendered } from "./render-directory.ts";
import { dialplanDocument, type Action, type Condition } from "./dialplan-document.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { queueActions } from "./render-queue.ts";
import { ivrActions } from "./render-ivr.ts";
import { ringGroupActions } from "./render-ring-group.ts";
import { must, UnsafeValue } from "./unsafe-value.ts";
import { QUEUE_NAME } from "../pbx/queues.ts";

export type DialplanOptions = {
  /** The SIP domain extensions register in (`user/N@domain`). */
  domain: string;
  /** Seconds a phone rings before the caller hears "no answer". */
  ringTimeout: number;
  /** Where record_session writes, when the call is to be recorded. */
  recordingPath?: string;
  /** The dial URIs of an extension's registered phones, for the ring groups' dial strings. */
  contacts?: (number: string) => readonly string[];
  /** SRTP for phones on TLS (CALLBOARD_SRTP), on the legs a ring group places. */
  srtp?: SrtpMode;
  /** Where uploaded voicemail greetings are (config voicemail.greetings). */
  voicemailGreetings?: string;
};

const CONTEXT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const RECORDING_PATH = /^\/[A-Za-z0-9._/-]+\.wav$/;

function recordActions(path: string | undefined, problems: string[]): Action[] {
  if (!path || !RECORDING_PATH.test(path) || path.includes("..")) {
    problems.push("recording asked for but no safe path: call not recorded");
    return [];
  }
  return [
    ["set", "RECORD_STEREO=true"],
    // Start writing when the call is answered: unanswered calls leave no empty files.
    ["set", "media_bug_answer_req=true"],
    ["record_session", path],
  ];
}

function callerIdActions(name: string | undefined, number: string | undefined, problems: string[]): Action[] {
  const out: Action[] = [];
  if (name !== undefined) {
    if (isSafe(DISPLAY_NAME, name)) out.push(["set", `effective_caller_id_name=${name}`]);
    else problems.push("caller id name is not safe, left out");
  }
  if (number !== undefined) {
    if (isSafe(PHONE_NUMBER, number)) out.push(["set", `effective_caller_id_number=${number}`]);
    else problems.push("caller id number is not safe, left out");
  }
  return out;
}

/*
 * The caller's own leg keeps whatever its phone put in From: a softphone
 * without a display name sends just "1001", a click-to-call leg carries
 * FreeSWITCH's "Outbound Call" once it enters the dialplan. Its B leg shows
 * the directory's name. Rewriting the leg's caller profile (not a variable:
 * effective_caller_id_* only reaches the legs it originates) makes
 * FreeSWITCH's own events and CDRs name the caller as the directory does on
 * both legs. What the phone sent stays in Caller-Orig-Caller-ID-* and
 * sip_from_*.
 */
function callerProfileActions(caller: Party | undefined, problems: string[]): Action[] {
  if (!caller) return [];
  const out: Action[] = [];
  if (isSafe(DISPLAY_NAME, caller.name)) out.push(["set_profile_var", `caller_id_name=${caller.name}`]);
  else problems.push("caller's name is not safe, left out");
  if (EXTENSION_NUMBER.test(caller.number)) out.push(["set_profile_var", `caller_id_number=${caller.number}`]);
  else problems.push("caller's number is not safe, left out");
  return out;
}

/*
 * After a bridge FreeSWITCH hangs the caller up with the callee's own cause
 * (busy → 486, not registered → 480), except for NO_ANSWER, on which it always
 * runs the next action. So no continue_on_fail: busy stays busy, and the one
 * trailing action turns an unanswered ring timeout into a clean NO_ANSWER.
 * An extension with a voicemail box goes on to it instead, when nobody
 * answered or no phone is registered (render-voicemail.ts). When a busy or
 * no-answer forward waits, any failure is carried on past and the call
 * handed back to callboard instead (render-call-handling.ts). A call already
 * handed back once carries continue_on_fail=true from then: it is turned
 * off again where nothing waits.
 */
function extensionActions(t: ExtensionTarget, opts: DialplanOptions, problems: string[], handedBack: boolean): Action[] {
  must(EXTENSION_NUMBER.test(t.number), "extension number");
  const seconds = t.ringSeconds ?? opts.ringTimeout;
  must(Number.isInteger(seconds) && seconds > 0 && seconds <= 600, "ring timeout");
  const waits = t.unanswered ? unansweredActions(t.number, t.unanswered.hops) : undefined;
  return [
    ...callerIdActions(t.callerId?.name, t.callerId?.number, problems),
    ["set", `call_timeout=${seconds}`],
    ["set", "hangup_after_bridge=true"],
    ...(waits ? waits.before : t.voicemail ? [VOICEMAIL_AFTER_FAILED_BRIDGE] : handedBack ? [["set", "continue_on_fail=false"] as Action] : []),
    ...(t.record ? recordActions(opts.recordingPath, problems) : []),
    ["bridge", `{leg_timeout=${seconds}}user/${t.number}@${opts.domain}`],
    ...(waits ? waits.after : t.voicemail ? voicemailLeaveActions(t.number, t.voicemail, opts, problems) : [["hangup", "NO_ANSWER"] as Action]),
  ];
}

function gatewayActions(t: GatewayTarget, opts: DialplanOptions, problems: string[]): Action[] {
  must(GATEWAY_NAME.test(t.gateway), "gateway name");
  must(PHONE_NUMBER.test(t.number), "gateway number");
  // Left out, the provider would get the caller's own leg's number: an extension number.
  must(isSafe(PHONE_NUMBER, t.callerIdNumber), "caller id number for the provider");
  return [
    ...callerIdActions(t.callerIdName, t.callerIdNumber, problems),
    ["set", "hangup_after_bridge=true"],
    ...(t.record ? recordActions(opts.recordingPath, problems) : []),
    ["bridge", `sofia/gateway/${t.gateway}/${t.number}`],
    ["hangup", "NO_ANSWER"],
  ];
}

function extensionName(decision: RouteDecision): string {
  const t = decision.target;
  if (t.kind === "extension") return `to_${t.number}`;
  if (t.kind === "gateway") return ROUTE_NAME.test(t.route) ? `out_${t.route}` : "out";
  if (t.kind === "ring_group") return RING_GROUP_NAME.test(t.group) ? `group_${t.group}` : "group";
  if (t.kind === "queue") return QUEUE_NAME.test(t.queue) ? `queue_${t.queue}` : "queue";
  if (t.kind === "voicemail_check") return "voicemail_check";
  if (t.kind === "ivr") return IVR_MENU_NAME.test(t.menu) ? `ivr_${t.menu}` : "ivr";
  if (t.kind === "voicemail") return EXTENSION_NUMBER.test(t.box) ? `voicemail_${t.box}` : "voicemail";
  if (t.kind === "feature") return t.action;
  return `reject_${t.cause.toLowerCase()}`;
}

function targetActions(decision: RouteDecision, opts: DialplanOptions, problems: string[]): Action[] {
  const t = decision.target;
  if (t.kind === "reject") return [["hangup", t.cause]];
  if (t.kind === "extension") return extensionActions(t, opts, problems, decision.context === "forward");
  if (t.kind === "voicemail_check") return voicemailCheckActions(t.box, opts);
  if (t.kind === "ring_group") return ringGroupActions(t, opts, problems, t.record ? recordActions(opts.recordingPath, problems) : []);
  if (t.kind === "queue") return queueActions(t, opts, problems, t.record ? recordActions(opts.recordingPath, problems) : []);
  if (t.kind === "ivr") return ivrActions(t, t.record ? recordActions(opts.recordingPath, problems) : []);
  if (t.kind === "voicemail") return voicemailLeaveActions(t.box, { greeting: t.greeting }, opts, problems);
  if (t.kind === "feature") {
    must(decision.context === "default", "feature code outside context default");
    return featureActions(t);
  }
  // The type keeps gateways out of `public` and `transfer` unless an extension forwarded the call; this holds even if a cast slips through.
  must(decision.context === "default" || (t.forwarded !== undefined && t.forwarded.length > 0), "gateway outside context default");
  return gatewayActions(t, opts, problems);
}

function actionsFor(decision: RouteDecision, opts: DialplanOptions, problems: string[]): Action[] {
  const caller = decision.context === "default" ? decision.caller : undefined;
  return [...callerProfileActions(caller, problems), ...targetActions(decision, opts, problems)];
}

/** `^\+?digits$` for a dialable destination; anything else gets a condition that always holds. */
function conditionFor(destination: string): Condition {
  if (!PHONE_NUMBER.test(destination)) return undefined;
  return { field: "destination_number", expression: `^${destination.replace("+", "\\+")}$` };
}

/**
 * One context holding the one extension the routing chose. A value that fails
 * its pattern here (a row forced into the database) turns the whole answer
 * into a rejection: FreeSWITCH never sees it.
 */
export function renderDialplan(decision: RouteDecision, opts: DialplanOptions): Rendered {
  const problems: string[] = [];
  const context = decision.context === "other" ? decision.name : decision.context;
  if (!CONTEXT_NAME.test(context)) return { xml: NOT_FOUND_XML, problems: ["context name is not safe to echo"] };

  let name = extensionName(decision);
  let actions: Action[];
  try {
    must(HOST_NAME.test(opts.domain), "domain");
    actions = actionsFor(decision, opts, problems);
  } catch (err) {
    if (!(err instanceof UnsafeValue)) throw err;
    problems.push(`unsafe ${err.message}: call refused`);
    name = "refused";
    actions = [["hangup", "NORMAL_TEMPORARY_FAILURE"]];
  }

  return { xml: dialplanDocument(context, name, conditionFor(decision.destination), actions), problems };
}
