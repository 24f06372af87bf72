import { recordingPath } from "../pbx/recording-path.ts";
import { routeCall, type RouteDecision } from "../pbx/route-call.ts";
import { srtpRefusal } from "../pbx/srtp-policy.ts";
import type { TimeConditionStep } from "../pbx/time-conditions.ts";
import { clip, type Answer, type AnswerContext } from "./answer.ts";
import { dialplanCall, type XmlCurlRequest } from "./parse-request.ts";
import { renderDialplan } from "./render-dialplan.ts";
import { ringGroupOutcome } from "./render-ring-group.ts";
import { queueOutcome } from "../pbx/queues.ts";

/**
 * Answers that depend on nothing but the model and who calls what, kept
 * until the model moves: not a recorded call (its file is named by channel
 * and time) nor a ring group (its dial string names the phones registered
 * now).
 */
export type DialplanCache = { generation: number; answers: Map<string, Answer> };

/** Caller and destination pairs kept per model generation; past it the cache starts over. */
const MAX_DIALPLAN_ANSWERS = 4_096;

/** One call: routed over the compiled model (no query), rendered into templates (no DOM). */
export function answerDialplan(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const call = dialplanCall(req);
  const model = ctx.model();
  const cache = ctx.cache.dialplan;
  if (cache.generation !== model.generation || cache.answers.size >= MAX_DIALPLAN_ANSWERS) {
    cache.generation = model.generation;
    cache.answers.clear();
  }
  const cacheKey = `${call.context}\n${call.callerExtension ?? ""}\n${call.destination}`;
  const refusal = srtpRefusal(ctx.config.srtp, call);
  if (!refusal) {
    // Kept whole, the log's key included: an answer from here builds no string.
    const cached = cache.answers.get(cacheKey);
    if (cached) return cached;
  }
  const key = clip(`${call.context}:${call.callerExtension ?? "-"}->${call.destination}`);
  if (refusal) {
    const rendered = renderDialplan({ context: "other", name: call.context, destination: call.destination, target: refusal }, { domain: ctx.config.domain, ringTimeout: ctx.config.ringTimeout });
    return { xml: rendered.xml, key, outcome: `reject ${refusal.cause}: ${refusal.reason}`, problems: rendered.problems, targetKind: refusal.kind };
  }

  // A DID behind a time condition is decided by the clock: the app's own, so tests and the trace can set it.
  const routed = {
    context: call.context,
    destination: call.destination,
    callerExtension: call.callerExtension,
    callerIdName: call.callerIdName,
    callerIdNumber: call.callerIdNumber,
    forwardHops: call.forwardHops,
    failedCause: call.failedCause,
    clock: { at: new Date(ctx.now()), timeZone: ctx.config.timeZone },
  };
  const decision = routeCall(routed, model.lookup);
  const t = decision.target;
  const recorded = "record" in t && t.record;
  const path = recorded && call.uuid ? recordingPath(ctx.config.recordingsDir, call.uuid, new Date(ctx.now())) : undefined;
  const now = ctx.now();
  const contacts = (number: string) => ctx.contacts(number, now);
  const rendered = renderDialplan(decision, {
    domain: ctx.config.domain,
    ringTimeout: ctx.config.ringTimeout,
    recordingPath: path,
    contacts,
    srtp: ctx.config.srtp,
    voicemailGreetings: ctx.config.voicemail.greetings,
  });
  const via =
    decision.context === "ivr"
      ? decision.choice.ok
        ? `IVR menu ${decision.choice.menu} ${decision.choice.via === "fallback" ? "fallback" : `${decision.choice.via} ${decision.choice.key}`} → `
        : ""
      : decision.context !== "other" && decision.context !== "transfer" && decision.via
        ? timeConditionsPassed(decision.via)
        : "";
  const outcome = via + targetOutcome(t) + (path ? " recorded" : "");
  const notes = decision.context !== "other" && decision.context !== "transfer" && decision.context !== "ivr" ? (decision.notes ?? []) : [];
  const problems = [...notes, ...(t.kind === "ring_group" || t.kind === "queue" ? t.notes : []), ...rendered.problems];
  // An unanswered ring's answer depends on the cause and the hops FreeSWITCH sent, which the key does not hold;
  // a group's (or a queue's fallback group's) dial string names the phones registered now.
  const cacheable = !path && !via && !recorded && t.kind !== "ring_group" && t.kind !== "queue" && decision.context !== "forward";
  const answer: Answer = { xml: rendered.xml, key, outcome, problems, targetKind: t.kind };
  if (cacheable) cache.answers.set(cacheKey, answer);
  return answer;
}

/** The answer log's account of where the call goes: `forward busy 1001 → 1002: bridge user/1002`. */
function targetOutcome(t: RouteDecision["target"]): string {
  const hops = "forwarded" in t && t.forwarded ? t.forwarded.map((h) => `forward ${h.reason.replace("_", "-")} ${h.from} → `).join("") : "";
  switch (t.kind) {
    case "reject":
      return `reject ${t.cause}: ${t.reason}`;
    case "extension":
      return `${hops}bridge user/${t.number}${t.unanswered ? " (busy/no-answer forward waits)" : t.voicemail ? ", unanswered → voicemail" : ""}`;
    case "ring_group":
      return ringGroupOutcome(t);
    case "queue":
      return queueOutcome(t);
    case "voicemail":
      return `${hops}voicemail ${t.box}`;
    case "voicemail_check":
      return `voicemail check ${t.box ?? "(box asked)"}`;
    case "ivr":
      return `ivr menu ${t.menu}`;
    case "feature":
      return `feature ${t.action} for ${t.extension}${t.forward ? ` to ${t.forward.type} ${t.forward.target}` : ""}: event sent, tone played`;
    case "gateway":
      return `${hops}bridge gateway ${t.gateway} via ${t.route}`;
  }
}

/** "time condition business-hours closed (no_rule) → ": each condition a DID call passed, for the answer log. */
function timeConditionsPassed(via: readonly TimeConditionStep[]): string {
  return via.map((s) => `time condition ${s.timeCondition} ${s.state} (${s.reason.kind === "rule" ? `rule ${s.reason.index}` : s.reason.kind === "holiday" ? `holiday ${s.reason.date}` : "no rule"}, ${s.local}) → `).join("");
}
