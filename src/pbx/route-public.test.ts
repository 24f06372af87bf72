import { describe, expect, test } from "bun:test";
import { at, did, ext, group, lookup, officeHours, queue, route, uzMobile } from "./routing-fixture.ts";
import type { IvrMenuRow } from "./ivr-menus.ts";
import { routeCall } from "./route-call.ts";
import type { DidRow } from "./route-decision.ts";
import type { TimeConditionRow } from "./time-conditions.ts";

const rows = lookup([ext("1001"), ext("1002")], [did()], [uzMobile]);

describe("calls from providers (context public)", () => {
  test("a DID in any of its written forms reaches its extension", () => {
    for (const dest of ["998785553322", "+998785553322", "785553322"]) {
      expect(routeCall({ context: "public", destination: dest }, rows).target).toEqual({
        kind: "extension",
        number: "1001",
        record: false,
      });
    }
  });

  test("an unknown DID is unallocated", () => {
    expect(routeCall({ context: "public", destination: "998711111111" }, rows).target).toMatchObject({
      cause: "UNALLOCATED_NUMBER",
    });
  });

  test("a DID call never reaches a gateway, even when a route matches everything", () => {
    const everything = lookup([ext("1001")], [did()], [route("all", "^(.*)$", { requiredClass: "internal" })]);
    for (const dest of ["998785553322", "998901234567", "+12025550100", "1001", "0", "x"]) {
      const d = routeCall({ context: "public", destination: dest, callerExtension: "1001" }, everything);
      expect(d.target.kind).not.toBe("gateway");
    }
  });

  test("a DID row of a destination type callboard does not know (written behind the API's back) is refused with a cause", () => {
    const r = lookup([ext("1001")], [did({ destinationType: "fax" as DidRow["destinationType"], destinationTarget: "main" })]);
    expect(routeCall({ context: "public", destination: "998785553322" }, r).target).toMatchObject({
      cause: "FACILITY_NOT_IMPLEMENTED",
    });
  });

  test("a DID pointing at an enabled IVR menu answers with the menu; a disabled one is unallocated", () => {
    const menu: IvrMenuRow = {
      name: "main", greeting: "welcome", greetingShort: null, invalidSound: null, exitSound: null, options: [], directDial: false,
      timeoutSeconds: 5, maxFailures: 3, fallback: { type: "hangup", target: "NORMAL_CLEARING" }, enabled: true,
    };
    const r = (enabled: boolean) => lookup([ext("1001")], [did({ destinationType: "ivr", destinationTarget: "main", record: true })], [], [], [], [], [{ ...menu, enabled }]);
    expect(routeCall({ context: "public", destination: "998785553322" }, r(true)).target).toEqual({ kind: "ivr", menu: "main", record: true });
    expect(routeCall({ context: "public", destination: "998785553322" }, r(false)).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
  });

  test("a DID pointing at a queue waits in it, then rings the queue's fallback extension", () => {
    const r = lookup([ext("1001"), ext("1003")], [did({ destinationType: "queue", destinationTarget: "support" })], [], [], [], [queue()]);
    expect(routeCall({ context: "public", destination: "998785553322" }, r).target).toMatchObject({
      kind: "queue",
      queue: "support",
      fallbackSteps: [{ kind: "extension", number: "1003" }],
      hangupCause: "NO_ANSWER",
    });
  });

  test("a DID pointing at a disabled or missing queue is unallocated", () => {
    const d = [did({ destinationType: "queue", destinationTarget: "support" })];
    expect(routeCall({ context: "public", destination: "998785553322" }, lookup([ext("1001")], d, [], [], [], [queue({ enabled: false })])).target).toMatchObject({
      cause: "UNALLOCATED_NUMBER",
    });
    expect(routeCall({ context: "public", destination: "998785553322" }, lookup([ext("1001")], d)).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
  });

  test("a queue falling back to a hang-up ends with its cause after the wait", () => {
    const r = lookup([], [did({ destinationType: "queue", destinationTarget: "support" })], [], [], [], [queue({ fallback: { type: "hangup", target: "USER_BUSY" } })]);
    expect(routeCall({ context: "public", destination: "998785553322" }, r).target).toMatchObject({ kind: "queue", fallbackSteps: [], hangupCause: "USER_BUSY" });
  });

  test("a DID pointing at a disabled extension is unallocated; DID recording is kept", () => {
    const off = lookup([ext("1001", { enabled: false })], [did()]);
    expect(routeCall({ context: "public", destination: "998785553322" }, off).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
    const rec = lookup([ext("1001")], [did({ record: true })]);
    expect(routeCall({ context: "public", destination: "998785553322" }, rec).target).toMatchObject({ record: true });
  });
});

describe("a DID pointing at a ring group", () => {
  const sales = group("sales", { number: "600", callerIdNamePrefix: "Sales - ", fallback: { type: "extension", target: "1003" } });
  const salesDid = did({ destinationType: "ring_group", destinationTarget: "sales" });
  const pbx = lookup([ext("1001"), ext("1002"), ext("1003"), ext("1004")], [salesDid], [uzMobile], [sales]);

  test("a DID pointing at a ring group rings its members, then its fallback, showing the group's prefix before the caller", () => {
    const d = routeCall({ context: "public", destination: "+998785553322", callerIdName: "Ali Valiyev", callerIdNumber: "998901112233" }, pbx);
    expect(d.target).toEqual({
      kind: "ring_group",
      group: "sales",
      steps: [
        { kind: "group", group: "sales", strategy: "simultaneous", members: ["1001", "1002"], ringSeconds: 20, timeoutSeconds: 60, callerIdName: "Sales - Ali Valiyev" },
        { kind: "extension", number: "1003", callerIdName: "Sales - Ali Valiyev" },
      ],
      hangupCause: "NO_ANSWER",
      record: false,
      notes: [],
    });
  });

  test("a DID call to a ring group never reaches a gateway, whatever its members and fallbacks are", () => {
    const everything = lookup([ext("1001"), ext("1002"), ext("1003")], [salesDid], [route("all", "^(.*)$", { requiredClass: "internal" })], [sales]);
    const d = routeCall({ context: "public", destination: "998785553322", callerIdNumber: "998901112233" }, everything);
    expect(d.target.kind).toBe("ring_group");
    expect(JSON.stringify(d)).not.toContain("gateway");
  });

  test("a DID pointing at a missing or disabled ring group is unallocated", () => {
    const none = lookup([ext("1001")], [salesDid]);
    expect(routeCall({ context: "public", destination: "998785553322" }, none).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
    const off = lookup([ext("1001")], [salesDid], [], [group("sales", { enabled: false })]);
    expect(routeCall({ context: "public", destination: "998785553322" }, off).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
  });

  test("recording follows the DID, or the calling extension", () => {
    const rec = lookup([ext("1001"), ext("1002")], [did({ destinationType: "ring_group", destinationTarget: "sales", record: true })], [], [sales]);
    expect(routeCall({ context: "public", destination: "998785553322" }, rec).target).toMatchObject({ kind: "ring_group", record: true });
    const caller = lookup([ext("1001"), ext("1004", { record: true })], [], [], [sales]);
    expect(routeCall({ context: "default", destination: "600", callerExtension: "1004" }, caller).target).toMatchObject({ kind: "ring_group", record: true });
  });
});

describe("a DID pointing at a time condition", () => {
  // 2026-12-01 is a Tuesday.
  const businessHours: TimeConditionRow = officeHours({ open: { type: "ring_group", target: "sales" } });
  const r = lookup([ext("1001"), ext("1002")], [did({ destinationType: "time_condition", destinationTarget: "business-hours" })], [uzMobile], [group("sales")], [businessHours]);

  test("rings the open destination during business hours, saying which rule opened it", () => {
    const d = routeCall({ context: "public", destination: "998785553322", clock: at("2026-12-01T10:00:00+05:00") }, r);
    expect(d.target).toMatchObject({ kind: "ring_group", group: "sales" });
    expect(d.context === "public" && d.via).toEqual([
      {
        timeCondition: "business-hours",
        state: "open",
        reason: { kind: "rule", index: 0, days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" },
        local: "2026-12-01 10:00 tue",
        destination: { type: "ring_group", target: "sales" },
      },
    ]);
  });

  test("rings the closed destination at 23:00 and on a holiday", () => {
    expect(routeCall({ context: "public", destination: "998785553322", clock: at("2026-12-01T23:00:00+05:00") }, r).target).toEqual({
      kind: "extension",
      number: "1002",
      record: false,
    });
    const holiday = routeCall({ context: "public", destination: "998785553322", clock: at("2027-01-01T10:00:00+05:00") }, r);
    expect(holiday.target).toMatchObject({ kind: "extension", number: "1002" });
    expect(holiday.context === "public" && holiday.via?.[0]?.reason).toEqual({ kind: "holiday", date: "2027-01-01", name: "New Year" });
  });

  test("never reaches a gateway, whatever a destination names", () => {
    const hostile: TimeConditionRow = { ...businessHours, open: { type: "extension", target: "998901234567" } };
    const h = lookup([ext("1001")], [did({ destinationType: "time_condition", destinationTarget: "business-hours" })], [uzMobile], [], [hostile]);
    expect(routeCall({ context: "public", destination: "998785553322", clock: at("2026-12-01T10:00:00+05:00") }, h).target).toMatchObject({
      kind: "reject",
      cause: "UNALLOCATED_NUMBER",
    });
  });

  test("a hangup destination ends the call with its cause", () => {
    const hangup: TimeConditionRow = { ...businessHours, closed: { type: "hangup", target: "NORMAL_CLEARING" } };
    const h = lookup([ext("1001")], [did({ destinationType: "time_condition", destinationTarget: "business-hours" })], [], [], [hangup]);
    expect(routeCall({ context: "public", destination: "998785553322", clock: at("2026-12-01T23:00:00+05:00") }, h).target).toMatchObject({
      kind: "reject",
      cause: "NORMAL_CLEARING",
    });
  });

  test("a missing or disabled time condition, or a call without a clock, is refused", () => {
    const off = lookup([ext("1001")], [did({ destinationType: "time_condition", destinationTarget: "business-hours" })], [], [], [{ ...businessHours, enabled: false }]);
    expect(routeCall({ context: "public", destination: "998785553322", clock: at("2026-12-01T10:00:00+05:00") }, off).target).toMatchObject({
      cause: "UNALLOCATED_NUMBER",
    });
    expect(routeCall({ context: "public", destination: "998785553322" }, r).target).toMatchObject({ cause: "NORMAL_TEMPORARY_FAILURE" });
  });
});
