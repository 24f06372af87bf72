import { describe, expect, test } from "bun:test";
import { did, ext, group, lookup, route, uzMobile } from "./routing-fixture.ts";
import { routeCall } from "./route-call.ts";

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

test("a transferred leg is not sent to a group's number: transfer reaches extensions only", () => {
  const sales = group("sales", { number: "600", callerIdNamePrefix: "Sales - ", fallback: { type: "extension", target: "1003" } });
  const pbx = lookup([ext("1001"), ext("1002"), ext("1003"), ext("1004")], [did({ destinationType: "ring_group", destinationTarget: "sales" })], [uzMobile], [sales]);
  expect(routeCall({ context: "transfer", destination: "600" }, pbx).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
});
