import { describe, expect, test } from "bun:test";
import { NO_CALL_HANDLING } from "../pbx/call-handling.ts";
import { deferredFields, withoutDeferred } from "./deferred-references.ts";

const hangUp = { type: "hangup", target: "NORMAL_CLEARING" };

describe("references an apply sets once every object exists", () => {
  test("a ring group's fallback to a time condition or another group waits; its members, extensions written before it, do not", () => {
    const group = { members: ["1001"], fallback: { type: "time_condition", target: "hours" }, enabled: true };
    expect(deferredFields("ringGroups", group)).toEqual(["fallback"]);
    expect(withoutDeferred("ringGroups", group)).toEqual({ members: ["1001"], fallback: hangUp, enabled: true });
    expect(deferredFields("ringGroups", { ...group, fallback: { type: "extension", target: "1001" } })).toEqual([]);
  });

  test("an extension's forwards to extensions, voicemail boxes and time conditions are cleared first; a forward to a number stays", () => {
    const callHandling = {
      ...NO_CALL_HANDLING,
      forwardAlways: { type: "number", target: "998901234567" },
      forwardBusy: { type: "voicemail", target: "1002" },
      forwardNoAnswer: { type: "time_condition", target: "hours" },
    };
    const fields = { name: "Dilnoza", callHandling };
    expect(deferredFields("extensions", fields)).toEqual(["callHandling"]);
    expect(withoutDeferred("extensions", fields)).toEqual({ name: "Dilnoza", callHandling: { ...callHandling, forwardBusy: null, forwardNoAnswer: null } });
    expect(fields.callHandling.forwardBusy).toEqual({ type: "voicemail", target: "1002" });
  });

  test("a menu's keys and fallback to other menus hang up first; keys to groups, queues and time conditions stay", () => {
    const menu = {
      options: [
        { digits: "1", destination: { type: "ring_group", target: "sales" } },
        { digits: "2", destination: { type: "time_condition", target: "hours" } },
        { digits: "3", destination: { type: "ivr", target: "billing" } },
      ],
      fallback: { type: "ivr", target: "main" },
    };
    expect(deferredFields("ivrMenus", menu)).toEqual(["options", "fallback"]);
    expect(withoutDeferred("ivrMenus", menu)).toEqual({
      options: [
        { digits: "1", destination: { type: "ring_group", target: "sales" } },
        { digits: "2", destination: { type: "time_condition", target: "hours" } },
        { digits: "3", destination: hangUp },
      ],
      fallback: hangUp,
    });
  });

  test("a time condition waits only for the conditions it leads to; DIDs, queues and routes never wait", () => {
    const tc = { open: { type: "ring_group", target: "sales" }, closed: { type: "time_condition", target: "night" } };
    expect(deferredFields("timeConditions", tc)).toEqual(["closed"]);
    expect(withoutDeferred("timeConditions", tc)).toEqual({ open: tc.open, closed: hangUp });
    expect(deferredFields("dids", { destination: { type: "time_condition", target: "hours" } })).toEqual([]);
    expect(deferredFields("queues", { agents: [{ agent: "1001" }], fallback: { type: "time_condition", target: "hours" } })).toEqual([]);
  });
});
