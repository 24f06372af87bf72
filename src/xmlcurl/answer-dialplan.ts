import { recordingPath } from "../pbx/recording-path.ts";
import { routeCall } from "../pbx/route-call.ts";
import { clip, type Answer, type AnswerContext } from "./answer.ts";
import { dialplanCall, type XmlCurlRequest } from "./parse-request.ts";
import { renderDialplan } from "./render-dialplan.ts";

/** One call: routed over the compiled model (no query), rendered into templates (no DOM). */
export function answerDialplan(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const call = dialplanCall(req);
  const decision = routeCall(call, ctx.model().lookup);
  const key = clip(`${call.context}:${call.callerExtension ?? "-"}->${call.destination}`);
  const t = decision.target;
  const path = t.kind !== "reject" && t.record && call.uuid ? recordingPath(ctx.config.recordingsDir, call.uuid, new Date(ctx.now())) : undefined;
  const rendered = renderDialplan(decision, { domain: ctx.config.domain, ringTimeout: ctx.config.ringTimeout, recordingPath: path });
  const outcome =
    t.kind === "reject"
      ? `reject ${t.cause}: ${t.reason}`
      : t.kind === "extension"
        ? `bridge user/${t.number}${path ? " recorded" : ""}`
        : `bridge gateway ${t.gateway} via ${t.route}${path ? " recorded" : ""}`;
  return { xml: rendered.xml, key, outcome, problems: rendered.problems };
}
