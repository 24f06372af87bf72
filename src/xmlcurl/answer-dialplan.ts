import { recordingPath } from "../pbx/recording-path.ts";
import { routeCall } from "../pbx/route-call.ts";
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
export type DialplanCache = { generation: number; answers: Map<string, Omit<Answer, "key">> };

/** Caller and destination pairs kept per model generation; past it the cache starts over. */
const MAX_DIALPLAN_ANSWERS = 4_096;

/** One call: routed over the compiled model (no query), rendered into templates (no DOM). */
export function answerDialplan(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const call = dialplanCall(req);
  const key = clip(`${call.context}:${call.callerExtension ?? "-"}->${call.destination}`);
  const model = ctx.model();
  const cache = ctx.cache.dialplan;
  if (cache.generation !== model.generation || cache.answers.size >= MAX_DIALPLAN_ANSWERS) {
    cache.generation = model.generation;
    cache.answers.clear();
  }
  const cacheKey = `${call.context}\n${call.callerExtension ?? ""}\n${call.destination}`;
  const refusal = srtpRefusal(ctx.config.srtp, call.media);
  if (refusal) {
    const rendered = renderDialplan({ context: "other", name: call.context, destination: call.destination, target: refusal }, { domain: ctx.config.domain, ringTimeout: ctx.config.ringTimeout });
    return { xml: rendered.xml, key, outcome: `reject ${refusal.cause}: ${refusal.reason}`, problems: rendered.problems };
  }
  const cached = cache.answers.get(cacheKey);
  if (cached) return { ...cached, key };

  // A DID behind a time condition is decided by the clock: the app's own, so tests and the trace can set it.
  const decision = routeCall({ ...call, clock: { at: new Date(ctx.now()), timeZone: ctx.config.timeZone } }, model.lookup);
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
    decision.context === "public" && decision.via
      ? timeConditionsPassed(decision.via)
      : decision.context === "ivr" && decision.choice.ok
        ? `IVR menu ${decision.choice.menu} ${decision.choice.via === "fallback" ? "fallback" : `${decision.choice.via} ${decision.choice.key}`} → `
        : "";
  const outcome =
    via +
    (t.kind === "reject"
      ? `reject ${t.cause}: ${t.reason}`
      : t.kind === "extension"
        ? `bridge user/${t.number}${path ? " recorded" : ""}${t.voicemail ? ", unanswered → voicemail" : ""}`
        : t.kind === "ring_group"
          ? `${ringGroupOutcome(t)}${path ? " recorded" : ""}`
          : t.kind === "queue"
            ? `${queueOutcome(t)}${path ? " recorded" : ""}`
          : t.kind === "voicemail_check"
            ? `voicemail check ${t.box ?? "(box asked)"}`
            : t.kind === "ivr"
              ? `ivr menu ${t.menu}${path ? " recorded" : ""}`
              : `bridge gateway ${t.gateway} via ${t.route}${path ? " recorded" : ""}`);
  const problems = t.kind === "ring_group" || t.kind === "queue" ? [...t.notes, ...rendered.problems] : rendered.problems;
  // A queue's fallback may ring a group, whose dial string names the phones registered now.
  if (!path && !via && t.kind !== "ring_group" && t.kind !== "queue" && !recorded) cache.answers.set(cacheKey, { xml: rendered.xml, outcome, problems });
  return { xml: rendered.xml, key, outcome, problems };
}

/** "time condition business-hours closed (no_rule) → ": each condition a DID call passed, for the answer log. */
function timeConditionsPassed(via: readonly TimeConditionStep[]): string {
  return via.map((s) => `time condition ${s.timeCondition} ${s.state} (${s.reason.kind === "rule" ? `rule ${s.reason.index}` : s.reason.kind === "holiday" ? `holiday ${s.reason.date}` : "no rule"}, ${s.local}) → `).join("");
}
