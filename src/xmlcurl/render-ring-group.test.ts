import { describe, expect, test } from "bun:test";
import type { RingGroupTarget } from "../pbx/ring-groups.ts";
import type { RouteDecision } from "../pbx/route-call.ts";
import { renderDialplan } from "./render-dialplan.ts";
import { memberRingSeconds, ringGroupOutcome } from "./render-ring-group.ts";

const D = "pbx.test";

const target = (over: Partial<RingGroupTarget> = {}): RingGroupTarget => ({
  kind: "ring_group",
  group: "sales",
  steps: [{ kind: "group", group: "sales", strategy: "simultaneous", members: ["1001", "1002"], ringSeconds: 20, timeoutSeconds: 60 }],
  hangupCause: "NO_ANSWER",
  record: false,
  notes: [],
  ...over,
});

const render = (t: RingGroupTarget) => {
  const decision: RouteDecision = { context: "public", destination: "998785553322", target: t };
  return renderDialplan(decision, { domain: D, ringTimeout: 30, contacts: (n) => (n === "1001" ? [`sip:1001@10.0.0.5:5060`] : []) });
};

describe("how long each member rings", () => {
  test("simultaneous: every member for the ring seconds, never longer than the total", () => {
    expect(memberRingSeconds({ strategy: "simultaneous", members: ["a", "b"], ringSeconds: 20, timeoutSeconds: 60 })).toEqual([20, 20]);
    expect(memberRingSeconds({ strategy: "simultaneous", members: ["a", "b"], ringSeconds: 90, timeoutSeconds: 45 })).toEqual([45, 45]);
  });

  test("sequential: members take turns until the total is spent; the last gets what is left, later ones none", () => {
    expect(memberRingSeconds({ strategy: "sequential", members: ["a", "b", "c", "d"], ringSeconds: 20, timeoutSeconds: 50 })).toEqual([20, 20, 10]);
    expect(memberRingSeconds({ strategy: "sequential", members: ["a", "b"], ringSeconds: 15, timeoutSeconds: 60 })).toEqual([15, 15]);
  });
});

describe("values that fail their pattern where the XML is made", () => {
  test.each([
    ["a member that is not an extension number", { members: ["1001", "1,sofia/gateway/belluz/998901234567"] }],
    ["a group name with syntax", { group: "sales}{x=y" }],
    ["ring seconds that are not whole", { ringSeconds: 1.5 }],
    ["no members at all", { members: [] }],
  ])("%s refuses the whole call", (_what, change) => {
    const step = { ...target().steps[0]!, ...change } as RingGroupTarget["steps"][number];
    const rendered = render(target({ steps: [step] }));
    expect(rendered.xml).toContain('<action application="hangup" data="NORMAL_TEMPORARY_FAILURE"/>');
    expect(rendered.xml).not.toContain("bridge");
    expect(rendered.problems.at(-1)).toMatch(/^unsafe ring group .*: call refused$/);
  });

  test("a hang-up cause outside the allowed ones refuses the call", () => {
    const rendered = render(target({ hangupCause: "NORMAL_CLEARING\"/><x" as never }));
    expect(rendered.xml).not.toContain("bridge");
    expect(rendered.problems).toEqual(["unsafe ring group hangup cause: call refused"]);
  });

  test("an unsafe caller id name is left out and said so; the call still rings", () => {
    const step = { ...target().steps[0]!, callerIdName: "Sales}|sofia/gateway/x" };
    const rendered = render(target({ steps: [step] }));
    expect(rendered.xml).not.toContain("origination_caller_id_name");
    expect(rendered.xml).toContain("sofia/internal/sip:1001@10.0.0.5:5060");
    expect(rendered.problems).toEqual(["ring group sales: caller id name is not safe, left out"]);
  });
});

test("the answer's log line names each step and how the call ends", () => {
  const t = target({
    steps: [
      { kind: "group", group: "sales", strategy: "sequential", members: ["1001", "1002"], ringSeconds: 20, timeoutSeconds: 60 },
      { kind: "group", group: "night", strategy: "simultaneous", members: ["1003", "1004"], ringSeconds: 20, timeoutSeconds: 60 },
      { kind: "extension", number: "1005" },
    ],
    hangupCause: "USER_BUSY",
  });
  expect(ringGroupOutcome(t)).toBe("ring group sales: sequential 1001|1002 → ring group night simultaneous 1003,1004 → extension 1005 → USER_BUSY");
});

describe("a member's phone on TLS", () => {
  test("its SRTP variable joins the member's own in the one bracket FreeSWITCH reads per leg", () => {
    const laptop = "sip:1001@203.0.113.9:41234;transport=tls";
    const decision: RouteDecision = { context: "public", destination: "998785553322", target: target() };
    const { xml } = renderDialplan(decision, { domain: D, ringTimeout: 30, srtp: "require", contacts: (n) => (n === "1001" ? [laptop] : []) });
    expect(xml).toContain(`[leg_timeout=20,presence_id=1001@${D},dialed_user=1001,dialed_domain=${D},rtp_secure_media_outbound=mandatory]sofia/internal/${laptop}`);
    expect(xml).toContain(`[leg_timeout=20,presence_id=1002@${D},dialed_user=1002,dialed_domain=${D}]sofia/internal/1002%${D}`);
  });
});
