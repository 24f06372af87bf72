import { recordingPath } from "../pbx/recording-path.ts";
import { routeCall } from "../pbx/route-call.ts";
import { clip, type Answer, type AnswerContext } from "./answer.ts";
import { dialplanCall, type XmlCurlRequest } from "./parse-request.ts";
import { renderDialplan } from "./render-dialplan.ts";
import { ringGroupOutcome } from "./render-ring-group.ts";

/** One call: routed over the compiled model (no query), rendered into templates (no DOM). */
export function answerDialplan(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const call = dialplanCall(req);
  const decision = routeCall(call, ctx.model().lookup);
  const key = clip(`${call.context}:${call.callerExtension ?? "-"}->${call.destination}`);
  const t = decision.target;
  const path = t.kind !== "reject" && t.record && call.uuid ? recordingPath(ctx.config.recordingsDir, call.uuid, new Date(ctx.now())) : undefined;
  const now = ctx.now();
  const contacts = (number: string) => ctx.contacts(number, now);
  const rendered = renderDialplan(decision, { domain: ctx.config.domain, ringTimeout: ctx.config.ringTimeout, recordingPath: path, contacts });
  const outcome =
    t.kind === "reject"
      ? `reject ${t.cause}: ${t.reason}`
      : t.kind === "extension"
        ? `bridge user/${t.number}${path ? " recorded" : ""}`
        : t.kind === "ring_group"
          ? `${ringGroupOutcome(t)}${path ? " recorded" : ""}`
          : `bridge gateway ${t.gateway} via ${t.route}${path ? " recorded" : ""}`;
  const problems = t.kind === "ring_group" ? [...t.notes, ...rendered.problems] : rendered.problems;
  return { xml: rendered.xml, key, outcome, problems };
}
