import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { applyCommand } from "../src/cli/apply.ts";
import { exportCommand } from "../src/cli/export.ts";
import { planCommand } from "../src/cli/plan.ts";
import { gateways } from "../src/db/schema.ts";
import type { CliIo } from "../src/pbx-file/cli-io.ts";
import { pbxApp, populate } from "./support/pbx-file.ts";

const FILE = `
extensions:
  - number: "1001"
    name: Operator 1
gateways:
  - name: belluz
    host: bell.uz
    username: "998785553322"
    password: { file: secrets/belluz.pw }
dids:
  - number: "998785553322"
    gateway: belluz
    destination: { type: extension, target: "1001" }
`;

/** The CLI against an in-process callboard: files from a map, answers from a script. */
function cli(options: { url?: string; files?: Record<string, string>; stdin?: string; answer?: (q: string) => Promise<boolean> } = {}) {
  const pbx = pbxApp();
  const out: string[] = [];
  const err: string[] = [];
  const files: Record<string, string> = { "/work/pbx/pbx.yaml": FILE, "/work/pbx/secrets/belluz.pw": "Belluz-pass-1\n", ...options.files };
  const io: CliIo = {
    fetch: async (url, init) => pbx.app.request(url, init),
    env: {},
    cwd: "/work/pbx",
    readText: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path]!;
    },
    readStdin: async () => options.stdin ?? "",
    writeText: (path, text) => {
      files[path] = text;
    },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    confirm: options.answer,
  };
  const target = ["--url", options.url ?? "http://127.0.0.1:8080", "--token", pbx.admin];
  const run = async (command: "plan" | "apply" | "export", ...args: string[]) => {
    out.length = 0;
    err.length = 0;
    const all = [...args, ...target];
    const code =
      command === "plan" ? await planCommand(all, io) : command === "apply" ? await applyCommand(all, io) : (await exportCommand(all, io), 0);
    return { code, out: out.join(""), err: err.join("") };
  };
  const pipe = (text: string) => {
    options.stdin = text;
  };
  return { pbx, run, files, pipe };
}

describe("callboard plan", () => {
  test("exits 2 when something would change, 0 when nothing would, 1 on an invalid file with every error by path", async () => {
    const { run, files } = cli();
    const first = await run("plan", "-f", "pbx.yaml");
    expect(first.code).toBe(2);
    expect(first.out).toContain("+ gateway belluz");
    expect(first.out).toContain("password: (from file secrets/belluz.pw)");
    expect(first.out).toEndWith("Plan: 3 to create, 0 to change, 0 to delete.\n");
    expect((await run("apply", "-f", "pbx.yaml", "--yes")).code).toBe(0);
    expect(await run("plan", "-f", "pbx.yaml")).toEqual({ code: 0, out: "No changes: the PBX already matches the file.\n", err: "" });

    files["/work/pbx/bad.yaml"] = 'extensions:\n  - number: 1001\n    name: "a$b"\n';
    const bad = await run("plan", "-f", "bad.yaml");
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      [
        "bad.yaml: 2 errors; nothing was changed:",
        '  extensions[0].number: must be quoted ("1001", not 1001): YAML reads bare digits as a number',
        "  extensions[0].name: must be 1-64 letters, digits, spaces or . _ ( ) @ - (no quotes, $, braces, < >, | , ; or newlines)",
        "",
      ].join("\n"),
    );
  });

  test("failures that are not about the file exit 1 too, never 2", async () => {
    const { run } = cli();
    expect((await run("plan", "-f", "missing.yaml")).code).toBe(1);
    expect((await run("plan", "-f", "pbx.yaml", "--bogus")).code).toBe(1);
    expect((await run("plan")).err).toContain("-f FILE is required");
  });

  test("--json prints the plan as the REST API answers it", async () => {
    const { run } = cli();
    const res = await run("plan", "-f", "pbx.yaml", "--json");
    expect(JSON.parse(res.out)).toMatchObject({ changed: true, summary: { create: 3 } });
  });

  test("passwords sent to a remote callboard over plain http are warned about", async () => {
    const { run } = cli({ url: "http://pbx.example.uz:8080" });
    expect((await run("plan", "-f", "pbx.yaml")).err).toContain("warning: sending the file's provider passwords to http://pbx.example.uz:8080 over plain http");
  });
});

describe("callboard apply", () => {
  test("--yes applies, prints new SIP passwords once; a second apply says nothing changed", async () => {
    const { run, pbx } = cli();
    const first = await run("apply", "-f", "pbx.yaml", "--yes");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Applied: 3 created, 0 changed, 0 deleted.");
    expect(first.out).toMatch(/New SIP passwords, shown only now \(type them into MicroSIP\):\n {2}1001 {2}[A-Za-z2-9]{16}\n/);
    const row = pbx.deps.db.select().from(gateways).get()!;
    expect(pbx.deps.secrets.open(row.passwordEnc)).toBe("Belluz-pass-1");
    const second = await run("apply", "-f", "pbx.yaml", "--yes");
    expect(second).toEqual({ code: 0, out: "No changes: the PBX already matches the file.\n", err: "" });
  });

  test("without --yes and without a terminal it refuses and changes nothing", async () => {
    const { run, pbx } = cli();
    const res = await run("apply", "-f", "pbx.yaml");
    expect(res.code).toBe(1);
    expect(res.err).toContain("pass --yes");
    expect(parse(await pbx.exported()).extensions).toEqual([]);
  });

  test("asks after showing the plan; only yes applies", async () => {
    const questions: string[] = [];
    const no = cli({ answer: async (q) => (questions.push(q), false) });
    expect((await no.run("apply", "-f", "pbx.yaml")).code).toBe(1);
    expect(parse(await no.pbx.exported()).extensions).toEqual([]);
    expect(questions[0]).toContain('Apply these changes to http://127.0.0.1:8080? Only "yes" applies');

    const yes = cli({ answer: async () => true });
    const res = await yes.run("apply", "-f", "pbx.yaml");
    expect(res.code).toBe(0);
    expect(res.out.indexOf("+ gateway belluz")).toBeLessThan(res.out.indexOf("Applied: 3 created"));
  });

  test("a change someone makes while the question is open stops the apply: nothing is changed", async () => {
    let pbxRef: ReturnType<typeof cli>["pbx"] | undefined;
    const session = cli({
      answer: async () => {
        await pbxRef!.call("POST", "/api/v1/extensions", { number: "1001", name: "Made meanwhile" });
        return true;
      },
    });
    pbxRef = session.pbx;
    const res = await session.run("apply", "-f", "pbx.yaml");
    expect(res.code).toBe(1);
    expect(res.err).toContain("the PBX changed since this plan was shown; nothing was changed");
    const now = parse(await session.pbx.exported());
    expect(now.extensions).toEqual([{ number: "1001", name: "Made meanwhile" }]);
    expect(now.gateways).toEqual([]);
  });
});

describe("callboard export", () => {
  test("export | apply -f - is a no-op on a populated PBX", async () => {
    const { run, pbx, pipe } = cli();
    await populate(pbx);
    const exported = await run("export");
    expect(exported.code).toBe(0);
    pipe(exported.out);
    expect(await run("apply", "-f", "-", "--yes")).toEqual({ code: 0, out: "No changes: the PBX already matches the file.\n", err: "" });
    expect((await run("export")).out).toBe(exported.out);
  });

  test("-o writes the file", async () => {
    const { run, files, pbx } = cli();
    await populate(pbx);
    await run("export", "-o", "/work/pbx/out.yaml");
    expect(parse(files["/work/pbx/out.yaml"]!).extensions).toHaveLength(6);
  });
});

describe("callboard apply: objects that refer to each other across kinds", () => {
  /**
   * A ring group and a menu fall back to a time condition that opens to
   * another group; an extension forwards to the condition whose group rings
   * it; 1001 and 1002 forward to each other's voicemail. No order of kinds
   * creates each object after everything it names.
   */
  const CROSS = `
extensions:
  - number: "1001"
    name: Dilnoza
    voicemail: true
    callHandling:
      forwardBusy: { type: voicemail, target: "1002" }
      forwardNoAnswer: { type: time_condition, target: hours }
  - number: "1002"
    name: Bekzod
    voicemail: true
    callHandling:
      forwardBusy: { type: voicemail, target: "1001" }
ringGroups:
  - name: sales
    members: ["1001", "1002"]
  - name: support
    members: ["1002"]
    fallback: { type: time_condition, target: hours }
timeConditions:
  - name: hours
    schedule:
      rules: [{ days: [mon, tue, wed, thu, fri], open: "09:00", close: "18:00" }]
    open: { type: ring_group, target: sales }
    closed: { type: extension, target: "1002" }
ivrMenus:
  - name: main
    greeting: en/us/callie/ivr/8000/ivr-welcome.wav
    options:
      - { digits: "1", destination: { type: ring_group, target: support } }
      - { digits: "2", destination: { type: time_condition, target: hours } }
    fallback: { type: time_condition, target: hours }
dids:
  - number: "998785553301"
    destination: { type: ivr, target: main }
`;

  test("a file whose ring group, menu and extension fall back to a time condition defined in it applies in one go, and reads back unchanged", async () => {
    const { run, pbx } = cli({ files: { "/work/pbx/cross.yaml": CROSS } });
    const applied = await run("apply", "-f", "cross.yaml", "--yes");
    expect(applied.err).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.out).toContain("Applied: 7 created, 0 changed, 0 deleted.");
    const exported = parse(await pbx.exported());
    expect(exported.ringGroups.find((g: any) => g.name === "support").fallback).toEqual({ type: "time_condition", target: "hours" });
    expect(exported.ivrMenus[0].fallback).toEqual({ type: "time_condition", target: "hours" });
    expect(exported.ivrMenus[0].options[1].destination).toEqual({ type: "time_condition", target: "hours" });
    expect(exported.extensions[0].callHandling.forwardNoAnswer).toEqual({ type: "time_condition", target: "hours" });
    expect(exported.extensions[1].callHandling.forwardBusy).toEqual({ type: "voicemail", target: "1001" });
    expect(await run("plan", "-f", "cross.yaml")).toEqual({ code: 0, out: "No changes: the PBX already matches the file.\n", err: "" });
  });

  test("the same objects added to a PBX that already has some of them apply too", async () => {
    const { run, pbx, files } = cli({ files: { "/work/pbx/cross.yaml": CROSS } });
    const doc = parse(CROSS);
    files["/work/pbx/first.yaml"] = JSON.stringify({ extensions: doc.extensions.map((e: any) => ({ number: e.number, name: e.name })), ringGroups: [doc.ringGroups[0]] });
    expect((await run("apply", "-f", "first.yaml", "--yes")).code).toBe(0);
    const second = await run("apply", "-f", "cross.yaml", "--yes");
    expect(second.err).toBe("");
    expect(second.out).toContain("Applied: 4 created, 2 changed, 0 deleted.");
    expect(parse(await pbx.exported()).extensions[0].callHandling.forwardNoAnswer).toEqual({ type: "time_condition", target: "hours" });
  });

  test("turning a reference round (the condition stops opening to the group, the group starts falling back to it) is no loop", async () => {
    const { run, pbx, files } = cli();
    const doc = parse(CROSS);
    const extensions = doc.extensions.map((e: any) => ({ number: e.number, name: e.name }));
    files["/work/pbx/before.yaml"] = JSON.stringify({ extensions, ringGroups: [doc.ringGroups[0]], timeConditions: doc.timeConditions });
    expect((await run("apply", "-f", "before.yaml", "--yes")).code).toBe(0);
    delete doc.ivrMenus;
    delete doc.dids;
    Object.assign(doc, { extensions, ringGroups: [doc.ringGroups[0]] });
    doc.timeConditions[0].open = { type: "extension", target: "1001" };
    doc.ringGroups[0].fallback = { type: "time_condition", target: "hours" };
    files["/work/pbx/round.yaml"] = JSON.stringify(doc);
    const res = await run("apply", "-f", "round.yaml", "--yes");
    expect(res.err).toBe("");
    expect(res.out).toContain("Applied: 0 created, 2 changed, 0 deleted.");
    expect(parse(await pbx.exported()).ringGroups[0].fallback).toEqual({ type: "time_condition", target: "hours" });
  });

  test("a loop through a time condition is still refused, by its path, and nothing is written", async () => {
    const { run, pbx, files } = cli();
    const doc = parse(CROSS);
    doc.ringGroups[0].fallback = { type: "time_condition", target: "hours" };
    files["/work/pbx/loop.yaml"] = JSON.stringify(doc);
    const res = await run("apply", "-f", "loop.yaml", "--yes");
    expect(res.code).toBe(1);
    expect(res.err).toContain("loop.yaml: 1 error; nothing was changed:");
    expect(res.err).toContain("ringGroups[0].fallback.target: ring group sales → time condition hours → ring group sales would send unanswered calls round in a loop (ring group sales)");
    const now = parse(await pbx.exported());
    expect([now.extensions, now.ringGroups ?? [], now.timeConditions ?? [], now.ivrMenus ?? []]).toEqual([[], [], [], []]);
  });

  test("--prune deletes them all again, whatever refers to what", async () => {
    const { run, pbx, files } = cli({ files: { "/work/pbx/cross.yaml": CROSS } });
    expect((await run("apply", "-f", "cross.yaml", "--yes")).code).toBe(0);
    files["/work/pbx/empty.yaml"] = "extensions: []\n";
    const pruned = await run("apply", "-f", "empty.yaml", "--prune", "--yes");
    expect(pruned.err).toBe("");
    expect(pruned.out).toContain("Applied: 0 created, 0 changed, 7 deleted.");
    const now = parse(await pbx.exported());
    expect([now.extensions, now.ringGroups ?? [], now.timeConditions ?? [], now.ivrMenus ?? [], now.dids ?? []]).toEqual([[], [], [], [], []]);
  });
});
