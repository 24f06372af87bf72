import { describe, expect, test } from "bun:test";
import type { RouteDecision } from "../pbx/route-call.ts";
import { renderDialplan } from "./render-dialplan.ts";

const opts = { domain: "call.example.uz", ringTimeout: 25, recordingPath: "/rec/2026/11/22/x.wav" };

describe("renderDialplan", () => {
  test("a recorded extension call records in stereo from answer, then bridges with the ring timeout", () => {
    const d: RouteDecision = { context: "public", destination: "+998785553322", target: { kind: "extension", number: "1001", record: true } };
    expect(renderDialplan(d, opts)).toEqual({
      problems: [],
      xml:
        '<document type="freeswitch/xml"><section name="dialplan"><context name="public"><extension name="to_1001">' +
        '<condition field="destination_number" expression="^\\+998785553322$">' +
        '<action application="set" data="call_timeout=25"/><action application="set" data="hangup_after_bridge=true"/>' +
        '<action application="set" data="RECORD_STEREO=true"/><action application="set" data="media_bug_answer_req=true"/>' +
        '<action application="record_session" data="/rec/2026/11/22/x.wav"/>' +
        '<action application="bridge" data="{leg_timeout=25}user/1001@call.example.uz"/>' +
        '<action application="hangup" data="NO_ANSWER"/></condition></extension></context></section></document>',
    });
  });

  test("an unsafe caller id name is dropped and reported, the call still goes through", () => {
    const d: RouteDecision = {
      context: "default",
      destination: "998901234567",
      target: { kind: "gateway", route: "uz", gateway: "belluz", number: "998901234567", record: false, callerIdName: "${x}", callerIdNumber: "998785553322" },
    };
    const r = renderDialplan(d, opts);
    expect(r.xml).toContain('data="sofia/gateway/belluz/998901234567"');
    expect(r.xml).not.toContain("effective_caller_id_name");
    expect(r.problems).toEqual(["caller id name is not safe, left out"]);
  });

  test("an unsafe number for the provider refuses the call: without it the provider would get the extension's own number", () => {
    const d: RouteDecision = {
      context: "default",
      destination: "998901234567",
      target: { kind: "gateway", route: "uz", gateway: "belluz", number: "998901234567", record: false, callerIdName: "Bell Savdo", callerIdNumber: "1;2" },
    };
    const r = renderDialplan(d, opts);
    expect(r.xml).not.toContain("sofia/gateway");
    expect(r.xml).toContain('data="NORMAL_TEMPORARY_FAILURE"');
    expect(r.problems).toEqual(["unsafe caller id number for the provider: call refused"]);
  });

  test("the caller's own leg is renamed after the directory first, whatever the target, a refusal included", () => {
    const caller = { name: "Оператор Qoʻngʻiroq", number: "1001" };
    const named = [
      '<action application="set_profile_var" data="caller_id_name=Оператор Qoʻngʻiroq"/>',
      '<action application="set_profile_var" data="caller_id_number=1001"/>',
    ].join("");
    const targets: RouteDecision["target"][] = [
      { kind: "extension", number: "1002", record: false, callerId: caller },
      { kind: "gateway", route: "uz", gateway: "belluz", number: "998901234567", record: false, callerIdNumber: "998785553322", callerIdName: "Bell Savdo" },
      { kind: "reject", cause: "OUTGOING_CALL_BARRED", reason: "" },
    ];
    for (const target of targets) {
      const xml = renderDialplan({ context: "default", destination: "998901234567", caller, target } as RouteDecision, opts).xml;
      expect(xml).toContain(`expression="^998901234567$">${named}<action application=`);
    }
  });

  test("a caller's name or number that is not safe is left out of their leg and reported; the call goes on", () => {
    const d: RouteDecision = {
      context: "default",
      destination: "1002",
      caller: { name: "x$${cmd}", number: "1001;2" },
      target: { kind: "extension", number: "1002", record: false },
    };
    const r = renderDialplan(d, opts);
    expect(r.xml).not.toContain("set_profile_var");
    expect(r.xml).toContain("user/1002@call.example.uz");
    expect(r.problems).toEqual(["caller's name is not safe, left out", "caller's number is not safe, left out"]);
  });

  test("a gateway target smuggled into public or transfer by a cast is refused", () => {
    for (const context of ["public", "transfer"]) {
      const d = {
        context,
        destination: "998785553322",
        target: { kind: "gateway", route: "uz", gateway: "belluz", number: "998901234567", record: false },
      } as unknown as RouteDecision;
      const r = renderDialplan(d, opts);
      expect(r.xml).not.toContain("sofia/gateway");
      expect(r.xml).toContain('data="NORMAL_TEMPORARY_FAILURE"');
    }
  });

  test("recording without a safe path is skipped and reported, not written to a made-up place", () => {
    const d: RouteDecision = { context: "default", destination: "1001", target: { kind: "extension", number: "1001", record: true } };
    const r = renderDialplan(d, { ...opts, recordingPath: undefined });
    expect(r.xml).not.toContain("record_session");
    expect(r.problems[0]).toContain("not recorded");
  });

  test("a context name that is not safe to echo gets not found", () => {
    const d: RouteDecision = { context: "other", name: 'x"><', destination: "1", target: { kind: "reject", cause: "NO_ROUTE_DESTINATION", reason: "" } };
    expect(renderDialplan(d, opts).xml).toContain('<result status="not found"/>');
  });
});
