import { describe, expect, test } from "bun:test";
import type { ForwardedGatewayTarget, ForwardHop, RouteDecision } from "../pbx/route-call.ts";
import { renderDialplan } from "./render-dialplan.ts";

const opts = { domain: "call.example.uz", ringTimeout: 25 };
const actionsOf = (xml: string) => [...xml.matchAll(/<action application="([^"]+)"(?: data="([^"]*)")?\/>/g)].map((m) => (m[2] === undefined ? m[1] : `${m[1]} ${m[2]}`));

describe("call handling in the dialplan answer", () => {
  test("with a busy or no-answer forward waiting, an unanswered ring is handed back to callboard (context forward)", () => {
    const d: RouteDecision = { context: "public", destination: "998785553322", target: { kind: "extension", number: "1001", record: false, ringSeconds: 12, unanswered: { hops: 1 } } };
    expect(actionsOf(renderDialplan(d, opts).xml)).toEqual([
      "set call_timeout=12",
      "set hangup_after_bridge=true",
      "set continue_on_fail=true",
      "set callboard_forward_hops=1",
      "bridge {leg_timeout=12}user/1001@call.example.uz",
      "transfer unanswered-1001 XML forward",
    ]);
  });

  test("a call already handed back keeps busy as busy where nothing more waits", () => {
    const d: RouteDecision = { context: "forward", destination: "unanswered-1001", target: { kind: "extension", number: "1002", record: false } };
    const actions = actionsOf(renderDialplan(d, opts).xml);
    expect(actions).toContain("set continue_on_fail=false");
    expect(actions.at(-1)).toBe("hangup NO_ANSWER");
  });

  test("a forward to voicemail answers the call and leaves it in the box", () => {
    const d: RouteDecision = { context: "forward", destination: "unanswered-1001", target: { kind: "voicemail", box: "1001", greeting: null, forwarded: [] } };
    expect(actionsOf(renderDialplan(d, opts).xml)).toEqual(["answer", "voicemail default call.example.uz 1001", "hangup NORMAL_CLEARING"]);
  });

  test("a feature code fires callboard's event, plays the tone and hangs up; it writes nothing itself", () => {
    const d: RouteDecision = {
      context: "default",
      destination: "*721002",
      target: { kind: "feature", action: "forward_always_on", extension: "1001", forward: { type: "extension", target: "1002" } },
    };
    const actions = actionsOf(renderDialplan(d, opts).xml);
    expect(actions[0]).toBe("answer");
    expect(actions[1]).toBe(
      "event Event-Name=CUSTOM,Event-Subclass=callboard::feature,callboard_feature=forward_always_on,callboard_extension=1001,callboard_forward_type=extension,callboard_forward_target=1002",
    );
    expect(actions[2]).toStartWith("playback tone_stream://");
    expect(actions[3]).toBe("hangup NORMAL_CLEARING");
  });

  test("a forwarded call may leave through a gateway from context public; any other gateway target there is refused", () => {
    const gateway = { kind: "gateway" as const, route: "uz", gateway: "belluz", number: "998901234567", record: false, callerIdNumber: "998785553322" };
    const hop: ForwardHop = { from: "1001", reason: "always", to: { type: "number", target: "998901234567" } };
    const forwarded: ForwardedGatewayTarget = { ...gateway, forwarded: [hop] };
    const ok = renderDialplan({ context: "public", destination: "998785553322", target: forwarded }, opts);
    expect(ok.xml).toContain("sofia/gateway/belluz/998901234567");
    const smuggled = renderDialplan({ context: "public", destination: "998785553322", target: gateway } as unknown as RouteDecision, opts);
    expect(smuggled.xml).not.toContain("sofia/gateway");
    expect(smuggled.problems.join()).toContain("gateway outside context default");
  });
});
