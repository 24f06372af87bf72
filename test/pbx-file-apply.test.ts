import { NO_CALL_HANDLING } from "../src/pbx/call-handling.ts";
import { describe, expect, test } from "bun:test";
import { parse, stringify } from "yaml";
import { auditLog, extensions, gateways } from "../src/db/schema.ts";
import { a1Hash } from "../src/pbx/passwords.ts";
import { pbxFileJsonSchema } from "../src/pbx-file/file-schema.ts";
import { TEST_DOMAIN } from "./support/deps.ts";
import { BELLUZ_PASSWORD, pbxApp, populate, recordingEsl } from "./support/pbx-file.ts";

const belluzEnv = { secrets: { env: { BELLUZ_PASSWORD } } };

describe("export → apply is a no-op", () => {
  test("on a populated PBX: the plan is empty, apply changes nothing and says so, no audit entry is added", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const exported = await pbx.exported();
    const auditBefore = pbx.deps.db.select().from(auditLog).all().length;
    const rowsBefore = pbx.deps.db.select().from(extensions).all();

    const plan = await pbx.read(await pbx.plan(exported));
    expect(plan).toMatchObject({ changed: false, changes: [], absent: [] });
    expect(plan.text).toBe("No changes: the PBX already matches the file.\n");

    const applied = await pbx.read(await pbx.apply(exported, { prune: true }));
    expect(applied).toMatchObject({ changed: false, changes: [], passwords: [], freeswitch: null });
    expect(applied.text).toContain("No changes");
    expect(pbx.deps.db.select().from(extensions).all()).toEqual(rowsBefore);
    expect(pbx.deps.db.select().from(auditLog).all()).toHaveLength(auditBefore);
    expect(await pbx.exported()).toBe(exported);
  });

  test("the JSON export, and the same document as an object, are no-ops too", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const json = await pbx.read(await pbx.call("GET", "/api/v1/config?format=json"));
    expect((await pbx.read(await pbx.plan(JSON.stringify(json)))).changed).toBe(false);
    expect((await pbx.read(await pbx.plan(json))).changed).toBe(false);
  });

  test("the export is stable: keys sorted naturally, routes in dialplan order, defaults and nulls left out", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    expect(Object.keys(doc)).toEqual(["version", "extensions", "gateways", "dids", "outboundRoutes", "ringGroups", "timeConditions", "agents", "queues", "ivrMenus"]);
    expect(doc.extensions.map((e: any) => e.number)).toEqual(["999", "1001", "1002", "1003", "1004", "1005"]);
    expect(doc.extensions[0]).toEqual({ number: "999", name: "Reception" });
    expect(doc.extensions[5]).toEqual({ number: "1005", name: "Operator 5", enabled: false });
    expect(doc.gateways[1]).toEqual({ name: "uztelecom", host: "10.20.30.40", port: 5080, transport: "tcp", username: "uzt-trunk", register: false });
    expect(doc.dids.map((d: any) => d.number)).toEqual(["998785553322", "998785553323"]);
    expect(doc.outboundRoutes.map((r: any) => r.name)).toEqual(["uz-mobile", "intl"]);
  });
});

describe("apply", () => {
  test("applying the same file twice changes nothing the second time and says so", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions.push({ number: "1006", name: "Operator 6" });
    doc.gateways[0].password = { env: "BELLUZ_PASSWORD" };
    const file = stringify(doc);
    const first = await pbx.read(await pbx.apply(file, belluzEnv));
    expect(first.summary).toEqual({ create: 1, update: 0, delete: 0, absent: 0 });
    expect(first.passwords.map((p: any) => p.number)).toEqual(["1006"]);
    const second = await pbx.read(await pbx.apply(file, belluzEnv));
    expect(second).toMatchObject({ changed: false, changes: [], passwords: [] });
    expect(second.text).toContain("No changes: the PBX already matches the file.");
  });

  test("a new extension's generated password works: its a1-hash is the one for the SIP domain", async () => {
    const pbx = pbxApp();
    const applied = await pbx.read(await pbx.apply({ extensions: [{ number: "2001", name: "New" }] }));
    const [{ password }] = applied.passwords;
    const row = pbx.deps.db.select().from(extensions).get()!;
    expect(row.a1Hash).toBe(a1Hash("2001", TEST_DOMAIN, password));
    expect(row.realm).toBe(TEST_DOMAIN);
  });

  test("an a1Hash in the file is stored as the credential, and no password is generated", async () => {
    const pbx = pbxApp();
    const hash = a1Hash("2001", TEST_DOMAIN, "Kept-in-the-vault-1");
    const applied = await pbx.read(await pbx.apply({ extensions: [{ number: "2001", name: "New", a1Hash: hash }] }));
    expect(applied.passwords).toEqual([]);
    expect(pbx.deps.db.select().from(extensions).get()!.a1Hash).toBe(hash);
  });

  test("a gateway change reaches FreeSWITCH as a REST change does: killgw, then one rescan for the whole apply", async () => {
    const fs = recordingEsl();
    const pbx = pbxApp({ esl: fs.esl });
    await populate(pbx);
    fs.commands.length = 0;
    const doc = parse(await pbx.exported());
    doc.gateways[0].expireSeconds = 300;
    doc.gateways[1].port = 5090;
    doc.gateways.push({ name: "backup", host: "sip.backup.uz", username: "bk", password: { env: "BELLUZ_PASSWORD" } });
    const applied = await pbx.read(await pbx.apply(doc, belluzEnv));
    expect(applied.freeswitch).toEqual({ applied: true });
    expect(fs.commands).toEqual([
      "sofia profile external killgw belluz",
      "sofia profile external killgw uztelecom",
      "sofia profile external rescan",
    ]);
  });

  test("changed extensions are flushed from FreeSWITCH's user cache as REST changes are; gateways are left alone", async () => {
    const fs = recordingEsl();
    const pbx = pbxApp({ esl: fs.esl });
    await populate(pbx);
    fs.commands.length = 0;
    const doc = parse(await pbx.exported());
    doc.extensions[1].name = "Operator One";
    doc.extensions = doc.extensions.filter((e: any) => e.number !== "1005");
    doc.extensions.push({ number: "1006", name: "Operator 6" });
    expect((await pbx.read(await pbx.apply(doc, { prune: true }))).freeswitch).toBeNull();
    expect(fs.commands.sort()).toEqual([
      "xml_flush_cache id 1001 call.example.uz",
      "xml_flush_cache id 1005 call.example.uz",
      "xml_flush_cache id 1006 call.example.uz",
    ]);
  });

  test("a changed gateway password from the file is sealed and shown only as changed", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.gateways[0].password = { env: "NEW_BELLUZ" };
    const applied = await pbx.read(await pbx.apply(doc, { secrets: { env: { NEW_BELLUZ: "brand-New-pass-2" } } }));
    expect(applied.changes).toEqual([
      { op: "update", kind: "gateways", key: "belluz", changes: [{ field: "password", secret: true, note: "from env NEW_BELLUZ" }] },
    ]);
    const row = pbx.deps.db.select().from(gateways).all().find((g) => g.name === "belluz")!;
    expect(pbx.deps.secrets.open(row.passwordEnc)).toBe("brand-New-pass-2");
    // The same password again: nothing to do.
    expect((await pbx.read(await pbx.plan(doc, { secrets: { env: { NEW_BELLUZ: "brand-New-pass-2" } } }))).changed).toBe(false);
  });

  test("viewers may export, read the schema and the audit, but not plan or apply", async () => {
    const pbx = pbxApp();
    for (const path of ["/api/v1/config", "/api/v1/config/schema", "/api/v1/audit"]) {
      expect((await pbx.call("GET", path, undefined, pbx.viewer)).status).toBe(200);
    }
    expect(await pbx.read(await pbx.call("GET", "/api/v1/config/schema", undefined, pbx.viewer))).toEqual(pbxFileJsonSchema());
    expect((await pbx.call("POST", "/api/v1/config/plan", { config: {} }, pbx.viewer)).status).toBe(403);
    expect((await pbx.call("POST", "/api/v1/config/apply", { config: {} }, pbx.viewer)).status).toBe(403);
  });
});

describe("plan shows exact field changes", () => {
  test("field by field, old → new, in the order apply makes them", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions[1].name = "Operator One";
    doc.extensions[1].record = true;
    delete doc.extensions[1].callerIdNumber;
    doc.dids[0].destination.target = "1002";
    doc.outboundRoutes[1].priority = 50;
    doc.extensions.push({ number: "1010", name: "Operator 10", outboundClass: "local" });
    const plan = await pbx.read(await pbx.plan(doc));
    expect(plan.changes).toEqual([
      {
        op: "update",
        kind: "extensions",
        key: "1001",
        changes: [
          { field: "name", from: "Operator 1", to: "Operator One" },
          { field: "callerIdNumber", from: "998785553322", to: null },
          { field: "record", from: false, to: true },
        ],
      },
      {
        op: "create",
        kind: "extensions",
        key: "1010",
        fields: { name: "Operator 10", callerIdName: null, callerIdNumber: null, outboundClass: "local", record: false, maxRegistrations: 3, enabled: true, voicemail: false, callHandling: NO_CALL_HANDLING },
        secret: { field: "password", note: "generated, shown once" },
      },
      {
        op: "update",
        kind: "dids",
        key: "998785553322",
        changes: [{ field: "destination", from: { type: "extension", target: "1001" }, to: { type: "extension", target: "1002" } }],
      },
      { op: "update", kind: "outboundRoutes", key: "intl", changes: [{ field: "priority", from: 200, to: 50 }] },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 3, delete: 0, absent: 0 });
    expect(plan.text).toBe(
      [
        "~ extension 1001",
        '    name: "Operator 1" → "Operator One"',
        '    callerIdNumber: "998785553322" → null',
        "    record: false → true",
        "+ extension 1010",
        '    name: "Operator 10"',
        '    outboundClass: "local"',
        "    record: false",
        "    maxRegistrations: 3",
        "    enabled: true",
        "    voicemail: false",
        "    callHandling: { dnd: false, ringSeconds: null, forwardAlways: null, forwardBusy: null, forwardNoAnswer: null }",
        "    password: (generated, shown once)",
        "~ DID 998785553322",
        '    destination: { type: "extension", target: "1001" } → { type: "extension", target: "1002" }',
        "~ outbound route intl",
        "    priority: 200 → 50",
        "",
        "Plan: 1 to create, 3 to change, 0 to delete.",
        "",
      ].join("\n"),
    );
    // A plan writes nothing.
    expect(parse(await pbx.exported()).extensions[1].name).toBe("Operator 1");
  });

  test("DIDs written as +998…, 998… or the 9-digit local form are the same DID", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.dids[0].number = "+998785553322";
    doc.dids[1].number = "785553323";
    expect((await pbx.read(await pbx.plan(doc))).changed).toBe(false);
  });
});

describe("an invalid file changes nothing and lists all errors", () => {
  test("shape errors and reference errors together, each by path; the DID error names the DID and the extension", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const before = await pbx.exported();
    const auditBefore = pbx.deps.db.select().from(auditLog).all().length;
    const doc = parse(before);
    doc.extensions[1].name = "Operator One"; // a valid change, which must not be applied
    doc.extensions.push({ number: "12x", name: "Bad" });
    doc.extensions.push({ number: "1020", name: "x${system(id)}", outboundClas: "local" });
    doc.extensions.push({ number: "1001", name: "Twice" });
    doc.dids.push({ number: "998785550000", destination: { type: "extension", target: "1099" } });
    doc.outboundRoutes.push({ name: "ghost", pattern: "^(\\d+)$", gateway: "nowhere" });
    doc.gateways.push({ name: "fresh", host: "sip.fresh.uz", username: "fresh" });
    const res = await pbx.apply(doc);
    expect(res.status).toBe(422);
    const body = await pbx.read(res);
    expect(body.errors).toEqual([
      { path: "extensions[6].number", message: "must be 2 to 6 digits" },
      { path: "extensions[7].name", message: expect.stringContaining("must be 1-64 letters") },
      { path: "extensions[7].outboundClas", message: "unknown field" },
      { path: "extensions[8].number", message: "1001 is listed twice (also extensions[1])" },
      { path: "gateways[2].password", message: "required for a new gateway: { env: NAME } or { file: PATH }" },
      { path: "dids[2].destination.target", message: "extension 1099 does not exist (DID 998785550000)" },
      { path: "outboundRoutes[2].gateway", message: "gateway nowhere does not exist (outbound route ghost)" },
    ]);
    expect(body.error.message).toBe("7 errors; nothing was changed");
    expect(await pbx.exported()).toBe(before);
    expect(pbx.deps.db.select().from(auditLog).all()).toHaveLength(auditBefore);
  });

  test("a reference to an entry that is itself invalid is reported once, at the entry", async () => {
    const pbx = pbxApp();
    const res = await pbx.plan({
      extensions: [{ number: "2001", name: "Ok" }, { number: "2002", name: "Bad;name" }],
      dids: [{ number: "998785550001", destination: { type: "extension", target: "2002" } }],
    });
    expect((await pbx.read(res)).errors).toEqual([{ path: "extensions[1].name", message: expect.stringContaining("must be 1-64") }]);
  });

  test("YAML that does not parse is reported with its line and column", async () => {
    const pbx = pbxApp();
    const body = await pbx.read(await pbx.plan("extensions:\n  - number: '1001'\n    name: [unclosed\n"));
    expect(body.errors[0].path).toMatch(/^line \d+, column \d+$/);
  });

  test("a top-level typo is an unknown field, not an empty section", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const body = await pbx.read(await pbx.apply({ extentions: [], gateways: [] }, { prune: true }));
    expect(body.errors).toEqual([{ path: "extentions", message: "unknown field" }]);
    expect(parse(await pbx.exported()).extensions).toHaveLength(6);
  });

  test("over REST a reference resolves only against the secrets sent, never the server's environment or disk", async () => {
    const pbx = pbxApp();
    const gateway = (password: unknown) => ({ gateways: [{ name: "g", host: "h.uz", username: "u", password }] });
    expect((await pbx.read(await pbx.plan(gateway({ env: "PATH" })))).errors).toEqual([{ path: "gateways[0].password.env", message: "PATH is not set" }]);
    expect((await pbx.read(await pbx.plan(gateway({ file: "/etc/hostname" })))).errors).toEqual([
      { path: "gateways[0].password.file", message: "/etc/hostname cannot be read" },
    ]);
    expect((await pbx.read(await pbx.plan(gateway({ env: "toString" })))).errors[0].message).toBe("toString is not set");
  });

  test("a referenced password is checked by the gateway password rule, without showing it", async () => {
    const pbx = pbxApp();
    const res = await pbx.plan(
      { gateways: [{ name: "g", host: "h.uz", username: "u", password: { env: "P" } }] },
      { secrets: { env: { P: "bad${pass}" } } },
    );
    const body = await pbx.read(res);
    expect(body.errors).toEqual([{ path: "gateways[0].password", message: expect.stringContaining("from env P must not contain") }]);
    expect(JSON.stringify(body)).not.toContain("bad${pass}");
  });
});

describe("prune", () => {
  test("without --prune what the file leaves out is listed and left alone", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions = doc.extensions.filter((e: any) => e.number !== "1005");
    doc.outboundRoutes = [];
    const applied = await pbx.read(await pbx.apply(doc));
    expect(applied.changed).toBe(false);
    expect(applied.absent).toEqual([
      { kind: "extensions", key: "1005" },
      { kind: "outboundRoutes", key: "intl" },
      { kind: "outboundRoutes", key: "uz-mobile" },
    ]);
    expect(applied.text).toContain("Not in the file, left alone (apply --prune deletes them):\n    extension 1005\n");
    expect(parse(await pbx.exported()).outboundRoutes).toHaveLength(2);
  });

  test("with --prune: routes and DIDs first, then extensions, then gateways, and FreeSWITCH drops the gateway", async () => {
    const fs = recordingEsl();
    const pbx = pbxApp({ esl: fs.esl });
    await populate(pbx);
    fs.commands.length = 0;
    // Keep only belluz, 1001 and the main DID: everything else goes, including what refers to what goes.
    const doc = parse(await pbx.exported());
    doc.extensions = doc.extensions.filter((e: any) => e.number === "1001");
    doc.gateways = doc.gateways.filter((g: any) => g.name === "belluz");
    doc.dids = doc.dids.filter((d: any) => d.number === "998785553322");
    doc.outboundRoutes = doc.outboundRoutes.filter((r: any) => r.name === "uz-mobile");
    const res = await pbx.apply(doc, { prune: true });
    expect(res.status).toBe(200);
    const applied = await pbx.read(res);
    expect(applied.changes).toEqual([
      { op: "delete", kind: "outboundRoutes", key: "intl" },
      { op: "delete", kind: "dids", key: "998785553323" },
      { op: "delete", kind: "extensions", key: "999" },
      { op: "delete", kind: "extensions", key: "1002" },
      { op: "delete", kind: "extensions", key: "1003" },
      { op: "delete", kind: "extensions", key: "1004" },
      { op: "delete", kind: "extensions", key: "1005" },
      { op: "delete", kind: "gateways", key: "uztelecom" },
    ]);
    expect(fs.commands.filter((c) => c.startsWith("sofia"))).toEqual(["sofia profile external killgw uztelecom"]);
    const after = parse(await pbx.exported());
    expect(after.extensions.map((e: any) => e.number)).toEqual(["1001"]);
    expect(after.gateways.map((g: any) => g.name)).toEqual(["belluz"]);
  });

  test("prune refuses, by the REST rule, to delete an extension a DID in the file still rings", async () => {
    const pbx = pbxApp();
    await populate(pbx);
    const doc = parse(await pbx.exported());
    doc.extensions = doc.extensions.filter((e: any) => e.number !== "1002");
    const body = await pbx.read(await pbx.apply(doc, { prune: true }));
    expect(body.errors).toEqual([
      {
        path: "extension 1002",
        message: "extension 1002 is the destination of DID 998785553323; point those elsewhere first (not in the file; --prune deletes it)",
      },
    ]);
    expect(parse(await pbx.exported()).extensions).toHaveLength(6);
  });
});
