import { describe, expect, test } from "bun:test";
import { routeCall } from "./route-call.ts";
import { at, ext, group, lookup, officeHours, uzMobile } from "./routing-fixture.ts";

const night = officeHours({ name: "night", open: { type: "ring_group", target: "sales" }, closed: { type: "extension", target: "1003" } });
const rows = lookup([ext("1001"), ext("1002"), ext("1003")], [], [uzMobile], [group("sales")], [night]);
const forward = (destination: string, iso = "2026-12-01T23:00:00+05:00") => routeCall({ context: "forward", destination, clock: at(iso) }, rows);

describe("callboard's own transfers (context forward)", () => {
  test("a fallback to a time condition is decided by the clock when the call arrives, and says which way it went", () => {
    const closed = forward("time-condition-night");
    expect(closed.target).toMatchObject({ kind: "extension", number: "1003", record: false });
    expect(closed.context === "forward" && closed.via?.map((s) => s.state)).toEqual(["closed"]);
    expect(forward("time-condition-night", "2026-12-01T10:00:00+05:00").target).toMatchObject({ kind: "ring_group", group: "sales" });
  });

  test("a time condition deleted since the transfer ends the call with NO_ANSWER", () => {
    expect(forward("time-condition-gone").target).toMatchObject({ kind: "reject", cause: "NO_ANSWER" });
  });

  test("anything but callboard's own names is refused, and never reaches a gateway", () => {
    for (const destination of ["998901234567", "1001", "time-condition-", "unanswered-x;y", "voicemail-1001"]) {
      expect(forward(destination).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
    }
  });
});
