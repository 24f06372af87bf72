import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { openDb } from "./client.ts";
import { createPbxModelSource } from "./pbx-model-source.ts";
import { dids, extensions, gateways, outboundRoutes } from "./schema.ts";

const HASH = "0123456789abcdef0123456789abcdef";

function setup() {
  const db = openDb(":memory:");
  const changed: (readonly string[] | "all")[] = [];
  const make = () => createPbxModelSource(db, { open: (s) => s.replace(/^sealed:/, ""), onExtensionsChanged: (c) => changed.push(c) });
  const ext = (number: string, over: Partial<typeof extensions.$inferInsert> = {}) =>
    db.insert(extensions).values({ number, name: `Op ${number}`, a1Hash: HASH, realm: "pbx.test", ...over }).run();
  return { db, changed, make, ext };
}

describe("the compiled model follows every committed write", () => {
  test("an extension written straight into the database is seen on the next read, without restarting", () => {
    const { db, make, ext } = setup();
    ext("1001");
    const source = make();
    expect(source.current().extensions.get("1001")?.name).toBe("Op 1001");
    ext("1002");
    db.update(extensions).set({ enabled: false }).where(eq(extensions.number, "1001")).run();
    const model = source.current();
    expect(model.extensions.get("1001")?.enabled).toBe(false);
    expect(model.extensions.get("1002")?.a1Hash).toBe(HASH);
    db.delete(extensions).where(eq(extensions.number, "1002")).run();
    expect(source.current().extensions.has("1002")).toBe(false);
  });

  test("a write replaces only the rows it touched: every other row keeps its identity (and what was cached for it)", () => {
    const { db, make, ext } = setup();
    ext("1001");
    ext("1002");
    const source = make();
    const before = source.current();
    const untouched = before.extensions.get("1002");
    const touched = before.extensions.get("1001");
    db.update(extensions).set({ name: "Renamed" }).where(eq(extensions.number, "1001")).run();
    const after = source.current();
    expect(after.extensions.get("1002")).toBe(untouched!);
    expect(after.extensions.get("1001")).not.toBe(touched!);
    expect(after.extensions.get("1001")?.name).toBe("Renamed");
  });

  test("the extensions a write touched are reported, once the model has moved past it", () => {
    const { db, make, ext, changed } = setup();
    ext("1001");
    const source = make();
    expect(changed).toEqual([]);
    db.update(extensions).set({ record: true }).where(eq(extensions.number, "1001")).run();
    ext("1003");
    source.current();
    expect(changed).toEqual([["1001", "1003"]]);
    source.current();
    expect(changed).toHaveLength(1);
  });

  test("DIDs, routes (compiled, in the API's order) and gateways (decrypted) follow too", () => {
    const { db, make } = setup();
    const source = make();
    const gw = db.insert(gateways).values({ name: "belluz", host: "bell.uz", username: "998785553322", passwordEnc: "sealed:Secret-1" }).returning().get();
    db.insert(outboundRoutes).values([
      { name: "b", pattern: "^\\+?(998\\d{9})$", gatewayId: gw.id, priority: 5 },
      { name: "a", pattern: "^(8\\d{9})$", gatewayId: gw.id, priority: 5 },
      { name: "broken", pattern: "998\\d+", gatewayId: gw.id, priority: 1 },
    ]).run();
    db.insert(dids).values({ number: "998785553322", destinationType: "extension", destinationTarget: "1001" }).run();
    const model = source.current();
    expect(model.routes.map((r) => r.name)).toEqual(["broken", "a", "b"]);
    expect(model.routes[0]?.regex).toBeNull();
    expect(model.routes[2]?.regex?.exec("+998901234567")?.[1]).toBe("998901234567");
    expect([...(model.routes[2]?.firstChars ?? [])].sort()).toEqual(["+", "9"]);
    expect(model.gateways).toEqual([expect.objectContaining({ name: "belluz", password: "Secret-1" })]);
    expect(model.lookup.did("998785553322")?.destinationTarget).toBe("1001");

    db.update(gateways).set({ enabled: false }).run();
    expect(source.current().gateways).toEqual([]);
    expect(source.current().routes.every((r) => r.gatewayEnabled === false)).toBe(true);
  });

  test("a gateway whose password does not decrypt is left out and said so", () => {
    const db = openDb(":memory:");
    db.insert(gateways).values({ name: "broken", host: "bell.uz", username: "u", passwordEnc: "garbage" }).run();
    const source = createPbxModelSource(db, {
      open: () => {
        throw new Error("bad tag");
      },
    });
    expect(source.current().gateways).toEqual([]);
    expect(source.current().gatewayProblems).toEqual(["gateway broken left out: its password cannot be decrypted (wrong CALLBOARD_SECRET_KEY?)"]);
  });

  test("when the change log no longer reaches back to the model, it is rebuilt from the tables", () => {
    const { db, make, ext, changed } = setup();
    ext("1001");
    const source = make();
    ext("1002");
    db.update(extensions).set({ name: "Renamed" }).where(eq(extensions.number, "1001")).run();
    // As if 10 000 newer changes had pushed these out of the log.
    db.$client.run("DELETE FROM pbx_changes WHERE seq <= (SELECT max(seq) - 1 FROM pbx_changes)");
    const model = source.current();
    expect(changed).toEqual(["all"]);
    expect(model.extensions.get("1001")?.name).toBe("Renamed");
    expect(model.extensions.get("1002")?.number).toBe("1002");
  });

  test("the change log keeps the last 10 000 changes, whatever is written", () => {
    const { db, ext } = setup();
    db.transaction((tx) => {
      for (let i = 0; i < 10_050; i += 50) {
        tx.insert(extensions).values(Array.from({ length: 50 }, (_, k) => ({ number: String(100000 + i + k), name: "x", a1Hash: HASH, realm: "pbx.test" }))).run();
      }
    });
    ext("99");
    const { n, newest } = db.$client.query("SELECT count(*) AS n, max(seq) AS newest FROM pbx_changes").get() as { n: number; newest: number };
    expect(n).toBe(10_000);
    expect(newest).toBe(10_051);
  });

  test("another connection's writes (the CLI, sqlite3) are seen within otherWritersMs, or at once on refresh()", async () => {
    const dir = mkdtempSync(join(tmpdir(), "callboard-model-"));
    try {
      const db = openDb(join(dir, "pbx.sqlite"));
      const source = createPbxModelSource(db, { open: (s) => s, otherWritersMs: 50 });
      const cli = openDb(join(dir, "pbx.sqlite"));
      cli.insert(extensions).values({ number: "1001", name: "From the CLI", a1Hash: HASH, realm: "pbx.test" }).run();
      expect(source.refresh().extensions.get("1001")?.name).toBe("From the CLI");
      cli.update(extensions).set({ name: "Renamed by the CLI" }).run();
      await Bun.sleep(60);
      expect(source.current().extensions.get("1001")?.name).toBe("Renamed by the CLI");
      cli.$client.close();
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
