import { describe, expect, test } from "bun:test";
import { did, ext, lookup, uzMobile } from "./routing-fixture.ts";
import { routeCall } from "./route-call.ts";

const rows = lookup([ext("1001"), ext("1002")], [did()], [uzMobile]);

test("any other context is answered with a rejection, never a bridge", () => {
  const d = routeCall({ context: "nonexistent_context", destination: "1001", callerExtension: "1001" }, rows);
  expect(d).toMatchObject({ context: "other", name: "nonexistent_context", target: { cause: "NO_ROUTE_DESTINATION" } });
});
