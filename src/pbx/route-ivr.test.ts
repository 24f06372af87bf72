import { describe, expect, test } from "bun:test";
import { routeCall } from "./route-call.ts";
import { at, ext, group, lookup, menu, officeHours, uzMobile } from "./routing-fixture.ts";

const main = menu({
  options: [
    { digits: "1", destination: { type: "extension", target: "1001" } },
    { digits: "2", destination: { type: "time_condition", target: "business-hours" } },
    { digits: "9", destination: { type: "hangup", target: "USER_BUSY" } },
    { digits: "8", destination: { type: "extension", target: "998901234567" } },
  ],
  fallback: { type: "ring_group", target: "sales" },
});
const rows = lookup([ext("1001"), ext("1002")], [], [uzMobile], [group("sales")], [officeHours()], [], [main]);
const key = (destination: string, iso = "2026-12-01T10:00:00+05:00") => routeCall({ context: "ivr", destination, clock: at(iso) }, rows);

describe("a key pressed in an IVR menu (context ivr)", () => {
  test("reaches the option's destination, saying which key chose it; recording is the destination's own", () => {
    const d = key("main/1");
    expect(d).toMatchObject({ context: "ivr", choice: { ok: true, menu: "main", via: "option", key: "1" } });
    expect(d.target).toEqual({ kind: "extension", number: "1001", record: false });
  });

  test("a time condition behind a key is decided by the clock when the key is pressed", () => {
    expect(key("main/2").target).toMatchObject({ kind: "extension", number: "1001" });
    expect(key("main/2", "2026-12-01T23:00:00+05:00").target).toMatchObject({ kind: "extension", number: "1002" });
  });

  test("the fallback after too many wrong keys, and a hang-up key's cause", () => {
    expect(key("main/fallback").target).toMatchObject({ kind: "ring_group", group: "sales" });
    expect(key("main/9").target).toMatchObject({ kind: "reject", cause: "USER_BUSY" });
  });

  test("a key no option has, or a menu that does not exist, is unallocated; nothing reaches a gateway", () => {
    for (const destination of ["main/5", "other/1", "main/8", "998901234567"]) {
      expect(key(destination).target).toMatchObject({ kind: "reject", cause: "UNALLOCATED_NUMBER" });
    }
  });
});
