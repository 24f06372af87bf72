import { describe, expect, test } from "bun:test";
import { did, ext, group, lookup, route, uzMobile } from "./routing-fixture.ts";
import { routeCall } from "./route-call.ts";

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

describe("a phone dialling a ring group's number", () => {
  const sales = group("sales", { number: "600", callerIdNamePrefix: "Sales - ", fallback: { type: "extension", target: "1003" } });
  const pbx = lookup([ext("1001"), ext("1002"), ext("1003"), ext("1004")], [], [uzMobile], [sales]);

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
});
