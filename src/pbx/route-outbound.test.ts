import { describe, expect, test } from "bun:test";
import { ext, lookup, route, uzMobile } from "./routing-fixture.ts";
import { routeCall } from "./route-call.ts";
import type { ExtensionRow, RouteRow } from "./route-decision.ts";
import { applyRoute } from "./route-outbound.ts";

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
