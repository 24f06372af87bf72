import { describe, expect, test } from "bun:test";
import type { IvrMenuRow } from "./ivr-menus.ts";
import type { QueueRow } from "./queues.ts";
import type { RingGroupRow } from "./ring-groups.ts";
import { applyRoute, routeCall, type DidRow, type ExtensionRow, type RouteRow, type RoutingLookup } from "./route-call.ts";
import type { TimeConditionRow } from "./time-conditions.ts";

const ext = (number: string, over: Partial<ExtensionRow> = {}): ExtensionRow => ({
  number,
  name: `Operator ${number}`,
  callerIdName: null,
  callerIdNumber: null,
  outboundClass: "national",
  record: false,
  enabled: true,
  ...over,
});

const route = (name: string, pattern: string, over: Partial<RouteRow> = {}): RouteRow => ({
  name,
  pattern,
  strip: 0,
  prepend: "",
  callerIdName: null,
  callerIdNumber: "998785553322",
  requiredClass: "national",
  priority: 100,
  record: false,
  enabled: true,
  gatewayName: "belluz",
  gatewayEnabled: true,
  gatewayUsername: "998785553300",
  ...over,
});

function lookup(
  exts: ExtensionRow[],
  dids: DidRow[] = [],
  routes: RouteRow[] = [],
  groups: RingGroupRow[] = [],
  conditions: TimeConditionRow[] = [],
  queues: QueueRow[] = [],
  menus: IvrMenuRow[] = [],
): RoutingLookup {
  return {
    extension: (n) => exts.find((e) => e.number === n),
    did: (n) => dids.find((d) => d.number === n),
    outboundRoutes: () => routes,
    ringGroup: (name) => groups.find((g) => g.name === name),
    ringGroupByNumber: (number) => groups.find((g) => g.number === number),
    timeCondition: (name) => conditions.find((t) => t.name === name),
    queue: (name) => queues.find((q) => q.name === name),
    ivrMenu: (name) => menus.find((m) => m.name === name),
  };
}

const group = (name: string, over: Partial<RingGroupRow> = {}): RingGroupRow => ({
  name,
  number: null,
  strategy: "simultaneous",
  members: ["1001", "1002"],
  ringSeconds: 20,
  timeoutSeconds: 60,
  fallback: { type: "hangup", target: "NO_ANSWER" },
  callerIdNamePrefix: null,
  enabled: true,
  ...over,
});

const uzMobile = route("uz-mobile", "^\\+?(998\\d{9})$");
const did = (over: Partial<DidRow> = {}): DidRow => ({
  number: "998785553322",
  destinationType: "extension",
  destinationTarget: "1001",
  record: false,
  enabled: true,
  ...over,
});
const rows = lookup([ext("1001"), ext("1002")], [did()], [uzMobile]);

describe("calls from phones (context default)", () => {
  test("an extension calling another enabled extension is bridged to it with its own caller id", () => {
    const d = routeCall({ context: "default", destination: "1001", callerExtension: "1002" }, rows);
    expect(d.target).toEqual({
      kind: "extension",
      number: "1001",
      record: false,
      callerId: { name: "Operator 1002", number: "1002" },
    });
  });

  test("a mobile number goes out through the route's gateway without the +", () => {
    const d = routeCall({ context: "default", destination: "+998901234567", callerExtension: "1001" }, rows);
    expect(d.target).toMatchObject({ kind: "gateway", gateway: "belluz", number: "998901234567", callerIdNumber: "998785553322" });
  });

  test("colleagues see an extension's number and display name, not the public number it presents to providers", () => {
    const r = lookup([ext("1001", { callerIdName: "Reception", callerIdNumber: "998785553301" }), ext("1002")]);
    const d = routeCall({ context: "default", destination: "1002", callerExtension: "1001" }, r);
    expect(d).toMatchObject({ caller: { name: "Reception", number: "1001" }, target: { callerId: { name: "Reception", number: "1001" } } });
  });

  test("every decision about a known caller names them, so their own leg can show it; an unknown caller has no name", () => {
    for (const destination of ["1002", "998901234567", "12345678", "1001${x}"]) {
      expect(routeCall({ context: "default", destination, callerExtension: "1001" }, rows)).toMatchObject({
        caller: { name: "Operator 1001", number: "1001" },
      });
    }
    expect(routeCall({ context: "default", destination: "1002" }, rows)).not.toHaveProperty("caller");
  });

  test("a caller without an authenticated extension is rejected even when dialling a valid number", () => {
    const d = routeCall({ context: "default", destination: "1001" }, rows);
    expect(d.target).toMatchObject({ kind: "reject", cause: "CALL_REJECTED" });
  });

  test("a disabled caller is rejected", () => {
    const d = routeCall(
      { context: "default", destination: "1001", callerExtension: "1003" },
      lookup([ext("1001"), ext("1003", { enabled: false })]),
    );
    expect(d.target).toMatchObject({ kind: "reject", cause: "CALL_REJECTED" });
  });

  test("an internal-class extension may not call out, and the cause says barred", () => {
    const d = routeCall(
      { context: "default", destination: "998901234567", callerExtension: "1005" },
      lookup([ext("1005", { outboundClass: "internal" })], [], [uzMobile]),
    );
    expect(d.target).toMatchObject({ kind: "reject", cause: "OUTGOING_CALL_BARRED" });
  });

  test("routes are tried in the given order and a lower-class route still serves a lower-class caller", () => {
    const intl = route("intl", "^(\\d{12})$", { requiredClass: "international", gatewayName: "intl-gw" });
    const local = route("local", "^(998\\d{9})$", { requiredClass: "local", gatewayName: "local-gw" });
    const d = routeCall(
      { context: "default", destination: "998901234567", callerExtension: "1001" },
      lookup([ext("1001", { outboundClass: "local" })], [], [intl, local]),
    );
    expect(d.target).toMatchObject({ kind: "gateway", gateway: "local-gw" });
  });

  test("disabled routes and routes on disabled gateways are skipped", () => {
    const d = routeCall(
      { context: "default", destination: "998901234567", callerExtension: "1001" },
      lookup([ext("1001")], [], [route("a", "^(\\d+)$", { enabled: false }), route("b", "^(\\d+)$", { gatewayEnabled: false })]),
    );
    expect(d.target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
  });

  test("an unknown number with no route is unallocated; a disabled extension counts as unknown", () => {
    const r = lookup([ext("1001"), ext("1009", { enabled: false })]);
    expect(routeCall({ context: "default", destination: "1009", callerExtension: "1001" }, r).target).toMatchObject({
      cause: "UNALLOCATED_NUMBER",
    });
    expect(routeCall({ context: "default", destination: "12345678", callerExtension: "1001" }, r).target).toMatchObject({
      cause: "UNALLOCATED_NUMBER",
    });
  });

  test("a destination that is not a number is refused before any lookup", () => {
    const d = routeCall({ context: "default", destination: "1001${x}", callerExtension: "1001" }, rows);
    expect(d.target).toMatchObject({ cause: "INVALID_NUMBER_FORMAT" });
  });

  test("recording follows the caller, the callee or the route", () => {
    const r = lookup([ext("1001", { record: true }), ext("1002")], [], [uzMobile]);
    expect(routeCall({ context: "default", destination: "1002", callerExtension: "1001" }, r).target).toMatchObject({ record: true });
    expect(routeCall({ context: "default", destination: "1001", callerExtension: "1002" }, r).target).toMatchObject({ record: true });
    const viaRoute = lookup([ext("1002")], [], [route("rec", "^(998\\d{9})$", { record: true })]);
    expect(
      routeCall({ context: "default", destination: "998901234567", callerExtension: "1002" }, viaRoute).target,
    ).toMatchObject({ kind: "gateway", record: true });
  });
});

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

  const queue = (over: Partial<QueueRow> = {}): QueueRow => ({
    name: "support",
    strategy: "longest-idle-agent",
    musicOnHold: null,
    maxWaitSeconds: 60,
    noAgentMaxWaitSeconds: 0,
    fallback: { type: "extension", target: "1003" },
    tiers: [{ agent: "1001", level: 1, position: 1 }],
    enabled: true,
    ...over,
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

describe("legs callboard transfers (context transfer)", () => {
  test("a transfer to an enabled extension rings it without an authenticated caller, recording if the extension records", () => {
    const r = lookup([ext("1001"), ext("1002", { record: true })]);
    expect(routeCall({ context: "transfer", destination: "1001" }, r)).toEqual({
      context: "transfer",
      destination: "1001",
      target: { kind: "extension", number: "1001", record: false },
    });
    expect(routeCall({ context: "transfer", destination: "1002" }, r).target).toEqual({ kind: "extension", number: "1002", record: true });
  });

  test("a transferred leg never reaches a gateway, even when a route matches everything and any class would do", () => {
    const everything = lookup([ext("1001", { outboundClass: "international" })], [did()], [route("all", "^(.*)$", { requiredClass: "internal" })]);
    for (const dest of ["998901234567", "+998901234567", "998785553322", "12345678", "0", "x"]) {
      const d = routeCall({ context: "transfer", destination: dest, callerExtension: "1001" }, everything);
      expect(d.target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
    }
  });

  test("a disabled or unknown extension is unallocated", () => {
    const r = lookup([ext("1001", { enabled: false })]);
    expect(routeCall({ context: "transfer", destination: "1001" }, r).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
    expect(routeCall({ context: "transfer", destination: "1009" }, r).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
  });
});

describe("outbound classes written straight into the database", () => {
  test("a caller whose class is not one of the four is barred, not let through", () => {
    for (const odd of ["Internal", "", "$${x}", "toString", "__proto__"]) {
      const d = routeCall(
        { context: "default", destination: "998901234567", callerExtension: "1001" },
        lookup([ext("1001", { outboundClass: odd as ExtensionRow["outboundClass"] })], [], [route("open", "^(998\\d{9})$", { requiredClass: "internal" })]),
      );
      expect(d.target).toMatchObject({ kind: "reject", cause: "OUTGOING_CALL_BARRED" });
    }
  });

  test("a route requiring a class that is not one of the four serves nobody", () => {
    const d = routeCall(
      { context: "default", destination: "998901234567", callerExtension: "1001" },
      lookup([ext("1001", { outboundClass: "international" })], [], [route("odd", "^(998\\d{9})$", { requiredClass: "Local" as RouteRow["requiredClass"] })]),
    );
    expect(d.target).toMatchObject({ kind: "reject", cause: "OUTGOING_CALL_BARRED" });
  });
});

test("any other context is answered with a rejection, never a bridge", () => {
  const d = routeCall({ context: "nonexistent_context", destination: "1001", callerExtension: "1001" }, rows);
  expect(d).toMatchObject({ context: "other", name: "nonexistent_context", target: { cause: "NO_ROUTE_DESTINATION" } });
});

describe("applyRoute", () => {
  test("strip and prepend apply to the captured number", () => {
    expect(applyRoute({ pattern: "^(8\\d{9})$", strip: 1, prepend: "998" }, "8901234567")).toBe("998901234567");
  });
  test("unanchored or broken patterns never match", () => {
    expect(applyRoute({ pattern: "998\\d+", strip: 0, prepend: "" }, "998901234567")).toBeUndefined();
    expect(applyRoute({ pattern: "^(998$", strip: 0, prepend: "" }, "998")).toBeUndefined();
  });
  test("a result that is not a number is refused", () => {
    expect(applyRoute({ pattern: "^(\\d+)$", strip: 0, prepend: "${x}" }, "123")).toBeUndefined();
  });
});

describe("the number a provider sees", () => {
  const call = (r: RouteRow, caller = ext("1001")) =>
    routeCall({ context: "default", destination: "998901234567", callerExtension: caller.number }, lookup([caller], [], [r]));

  test("the route's number wins, then the extension's own", () => {
    expect(call(uzMobile).target).toMatchObject({ callerIdNumber: "998785553322" });
    const noRouteId = route("uz", "^\\+?(998\\d{9})$", { callerIdNumber: null });
    expect(call(noRouteId, ext("1001", { callerIdNumber: "998785550001" })).target).toMatchObject({ callerIdNumber: "998785550001" });
  });

  test("with neither, the provider account's number is presented, never the inherited caller id", () => {
    const noRouteId = route("uz", "^\\+?(998\\d{9})$", { callerIdNumber: null });
    expect(call(noRouteId).target).toMatchObject({ callerIdNumber: "998785553300" });
  });

  test("with no company number at all the call is refused with the reason, never sent out with the extension's number", () => {
    const namedAccount = route("uz", "^\\+?(998\\d{9})$", { callerIdNumber: null, gatewayUsername: "callcentre" });
    const d = call(namedAccount);
    expect(d.target).toMatchObject({ kind: "reject", cause: "NORMAL_TEMPORARY_FAILURE" });
    expect(d.target.kind === "reject" && d.target.reason).toContain("route uz has no caller id number");
  });
});

describe("the name a provider sees", () => {
  const call = (r: RouteRow, caller = ext("1001")) =>
    routeCall({ context: "default", destination: "998901234567", callerExtension: caller.number }, lookup([caller], [], [r]));

  test("the extension's display name by default, its caller id name before its name", () => {
    expect(call(uzMobile).target).toMatchObject({ callerIdName: "Operator 1001" });
    expect(call(uzMobile, ext("1001", { callerIdName: "Reception" })).target).toMatchObject({ callerIdName: "Reception" });
  });

  test("a route's caller id name replaces the extension's on calls through that route only", () => {
    const company = route("company", "^\\+?(998\\d{9})$", { callerIdName: "Bell Savdo LLC" });
    const caller = ext("1001", { callerIdName: "Reception" });
    expect(call(company, caller)).toMatchObject({
      caller: { name: "Reception", number: "1001" },
      target: { kind: "gateway", callerIdName: "Bell Savdo LLC" },
    });
  });
});

describe("ring groups", () => {
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

  test("a phone dialling the group's number rings the other members, not itself, with its own name behind the prefix", () => {
    const d = routeCall({ context: "default", destination: "600", callerExtension: "1002" }, pbx);
    expect(d).toMatchObject({ context: "default", caller: { name: "Operator 1002", number: "1002" } });
    expect(d.target).toMatchObject({
      kind: "ring_group",
      steps: [
        { kind: "group", members: ["1001"], callerIdName: "Sales - Operator 1002" },
        { kind: "extension", number: "1003" },
      ],
    });
  });

  test("an extension's number wins over a group's (the API keeps them apart; rows forced into the database do not change routing)", () => {
    const clash = lookup([ext("1001"), ext("1002"), ext("600")], [], [], [sales]);
    expect(routeCall({ context: "default", destination: "600", callerExtension: "1001" }, clash).target).toMatchObject({ kind: "extension", number: "600" });
  });

  test("a disabled group's number is unknown to phones", () => {
    const off = lookup([ext("1001"), ext("1002")], [], [], [group("sales", { number: "600", enabled: false })]);
    expect(routeCall({ context: "default", destination: "600", callerExtension: "1001" }, off).target).toMatchObject({ cause: "UNALLOCATED_NUMBER" });
  });

  test("recording follows the DID, or the calling extension", () => {
    const rec = lookup([ext("1001"), ext("1002")], [did({ destinationType: "ring_group", destinationTarget: "sales", record: true })], [], [sales]);
    expect(routeCall({ context: "public", destination: "998785553322" }, rec).target).toMatchObject({ kind: "ring_group", record: true });
    const caller = lookup([ext("1001"), ext("1004", { record: true })], [], [], [sales]);
    expect(routeCall({ context: "default", destination: "600", callerExtension: "1004" }, caller).target).toMatchObject({ kind: "ring_group", record: true });
  });

  test("a transferred leg is not sent to a group's number: transfer reaches extensions only", () => {
    expect(routeCall({ context: "transfer", destination: "600" }, pbx).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
  });
});

describe("a DID pointing at a time condition", () => {
  // Mon–Fri 09:00–18:00 in Tashkent; New Year closed. 2026-12-01 is a Tuesday.
  const businessHours: TimeConditionRow = {
    name: "business-hours",
    schedule: { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }], holidays: [{ date: "2027-01-01", name: "New Year" }] },
    open: { type: "ring_group", target: "sales" },
    closed: { type: "extension", target: "1002" },
    enabled: true,
  };
  const r = lookup([ext("1001"), ext("1002")], [did({ destinationType: "time_condition", destinationTarget: "business-hours" })], [uzMobile], [group("sales")], [businessHours]);
  const at = (iso: string) => ({ at: new Date(iso), timeZone: "Asia/Tashkent" });

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
