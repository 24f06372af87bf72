import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { pbxApp, populate, recordingEsl } from "./support/pbx-file.ts";

describe("a concurrent REST write during an apply is not lost", () => {
  test("writes made while the apply waits for FreeSWITCH stand, and the next plan sees them", async () => {
    const fs = recordingEsl();
    const pbx = pbxApp({ esl: fs.esl });
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.gateways[0].expireSeconds = 300; // makes the apply wait on killgw/rescan after its commit
    doc.extensions[1].name = "Operator One";
    fs.hold((command) => command.startsWith("sofia"));
    const applying = pbx.apply(doc);
    while (fs.commands.length === 0) await Bun.sleep(1);

    const patched = await pbx.call("PATCH", "/api/v1/extensions/1002", { callerIdNumber: "998785553399" });
    const created = await pbx.call("POST", "/api/v1/extensions", { number: "1050", name: "Late" });
    expect([patched.status, created.status]).toEqual([200, 201]);
    fs.release();
    expect((await applying).status).toBe(200);

    const after = parse(await pbx.exported());
    expect(after.extensions.find((e: any) => e.number === "1001").name).toBe("Operator One");
    expect(after.extensions.find((e: any) => e.number === "1002").callerIdNumber).toBe("998785553399");
    expect(after.extensions.find((e: any) => e.number === "1050")).toEqual({ number: "1050", name: "Late" });
    const audit = await pbx.read(await pbx.call("GET", "/api/v1/audit?limit=3"));
    expect(audit.items.map((e: any) => e.action)).toEqual(["POST /api/v1/extensions", "PATCH /api/v1/extensions/1002", "config apply"]);
  });

  test("an apply changes only the fields that differ, so a REST edit of another field of the same object stands", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions[1].name = "Operator One";
    // Lands after the file was written, before it is applied.
    await pbx.call("PATCH", "/api/v1/extensions/1001", { maxRegistrations: 5 });
    doc.extensions[1].maxRegistrations = 5;
    const applied = await pbx.read(await pbx.apply(doc));
    expect(applied.changes).toEqual([{ op: "update", kind: "extensions", key: "1001", changes: [{ field: "name", from: "Operator 1", to: "Operator One" }] }]);
    expect(parse(await pbx.exported()).extensions[1]).toMatchObject({ name: "Operator One", maxRegistrations: 5 });
  });

  test("an apply bound to a reviewed plan refuses, changing nothing, when a REST write changed what it would do", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions[1].name = "Operator One";
    const reviewed = await pbx.read(await pbx.plan(doc));

    await pbx.call("PATCH", "/api/v1/extensions/1002", { record: false });
    const stale = await pbx.apply(doc, { expect: reviewed.fingerprint });
    expect(stale.status).toBe(409);
    expect((await pbx.read(stale)).error.code).toBe("stale_plan");
    const now = parse(await pbx.exported());
    expect(now.extensions[1].name).toBe("Operator 1");
    expect(now.extensions[2].record).toBeUndefined();

    const fresh = await pbx.read(await pbx.plan(doc));
    expect(fresh.fingerprint).not.toBe(reviewed.fingerprint);
    expect((await pbx.apply(doc, { expect: fresh.fingerprint })).status).toBe(200);
  });
});
