import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { extensions } from "../src/db/schema.ts";
import { a1Hash } from "../src/pbx/passwords.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";

/** Response bodies are checked field by field, so `any` is the honest type here. */
const read = async (res: Response): Promise<any> => res.json();

const operator = { number: "1001", name: "Operator 1", password: "Str0ng-enough", outboundClass: "national", record: false };

describe("creating an extension", () => {
  test("answers 201 with the object and its password, stored only as the a1-hash for the SIP domain", async () => {
    const { call, deps } = testApp();
    const res = await call("POST", "/api/v1/extensions", operator);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await read(res);
    expect(body).toMatchObject({ number: "1001", name: "Operator 1", password: "Str0ng-enough", outboundClass: "national", enabled: true });
    expect(body).not.toHaveProperty("a1Hash");
    const row = deps.db.select().from(extensions).where(eq(extensions.number, "1001")).get()!;
    expect(row.a1Hash).toBe(a1Hash("1001", TEST_DOMAIN, "Str0ng-enough"));
    expect(row.realm).toBe(TEST_DOMAIN);
    expect(JSON.stringify(row)).not.toContain("Str0ng-enough");
  });

  test("without a password generates a strong one and shows it once", async () => {
    const { call, deps } = testApp();
    const res = await call("POST", "/api/v1/extensions", { number: "1002", name: "Operator 2" });
    expect(res.status).toBe(201);
    const { password } = await read(res);
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    const row = deps.db.select().from(extensions).where(eq(extensions.number, "1002")).get()!;
    expect(row.a1Hash).toBe(a1Hash("1002", TEST_DOMAIN, password));
    const again = await read(await call("GET", "/api/v1/extensions/1002"));
    expect(again).not.toHaveProperty("password");
    const list = await (await call("GET", "/api/v1/extensions")).text();
    expect(list).not.toContain(password);
    expect(list).not.toContain(row.a1Hash);
  });

  test.each([
    ["shorter than 10 characters", "Ab3-short", "at least 10"],
    ["equal to the number", "1001", "at least 10"],
    ["digits only", "12345678901", "digits only"],
  ])("a weak password (%s) is refused with 422 naming password, and nothing is stored", async (_why, password, reason) => {
    const { call, deps } = testApp();
    const res = await call("POST", "/api/v1/extensions", { number: "1001", name: "Weak", password });
    expect(res.status).toBe(422);
    const { error } = await read(res);
    expect(error.field).toBe("password");
    expect(error.message).toContain(reason);
    expect(deps.db.select().from(extensions).all()).toHaveLength(0);
  });

  test("a duplicate number answers 409 naming number", async () => {
    const { call } = testApp();
    await call("POST", "/api/v1/extensions", operator);
    const res = await call("POST", "/api/v1/extensions", operator);
    expect(res.status).toBe(409);
    expect((await read(res)).error).toMatchObject({ code: "conflict", field: "number" });
  });

  test("an unknown field (a typo) answers 422 naming it instead of being ignored", async () => {
    const { call } = testApp();
    const res = await call("POST", "/api/v1/extensions", { ...operator, outbound_class: "international" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("outbound_class");
  });
});

describe("changing an extension", () => {
  test("reset-password returns a new password once and replaces the a1-hash", async () => {
    const { call, deps } = testApp();
    await call("POST", "/api/v1/extensions", operator);
    const res = await call("POST", "/api/v1/extensions/1001/reset-password");
    expect(res.status).toBe(200);
    const { password } = await read(res);
    expect(password).not.toBe(operator.password);
    const row = deps.db.select().from(extensions).where(eq(extensions.number, "1001")).get()!;
    expect(row.a1Hash).toBe(a1Hash("1001", TEST_DOMAIN, password));
  });

  test("PATCH with a password recomputes the a1-hash; without one keeps it", async () => {
    const { call, deps } = testApp();
    await call("POST", "/api/v1/extensions", operator);
    const before = deps.db.select().from(extensions).get()!.a1Hash;
    const renamed = await call("PATCH", "/api/v1/extensions/1001", { name: "Reception", callerIdNumber: "998785553322" });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: "Reception", callerIdNumber: "998785553322" });
    expect(deps.db.select().from(extensions).get()!.a1Hash).toBe(before);
    const res = await call("PATCH", "/api/v1/extensions/1001", { password: "Another-pass-42" });
    expect(res.status).toBe(200);
    expect(await read(res)).not.toHaveProperty("password");
    expect(deps.db.select().from(extensions).get()!.a1Hash).toBe(a1Hash("1001", TEST_DOMAIN, "Another-pass-42"));
  });

  test("PATCH with a weak password changes nothing", async () => {
    const { call, deps } = testApp();
    await call("POST", "/api/v1/extensions", operator);
    const res = await call("PATCH", "/api/v1/extensions/1001", { name: "Changed", password: "1001" });
    expect(res.status).toBe(422);
    expect(deps.db.select().from(extensions).get()!.name).toBe("Operator 1");
  });

  test("GET, PATCH, DELETE of an unknown number answer 404; DELETE removes", async () => {
    const { call } = testApp();
    expect((await call("GET", "/api/v1/extensions/4040")).status).toBe(404);
    expect((await call("PATCH", "/api/v1/extensions/4040", { name: "x" })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/extensions/4040")).status).toBe(404);
    await call("POST", "/api/v1/extensions", operator);
    expect((await call("DELETE", "/api/v1/extensions/1001")).status).toBe(204);
    expect((await call("GET", "/api/v1/extensions/1001")).status).toBe(404);
  });

  test("a changed SIP domain shows the password as stale", async () => {
    const { call, deps } = testApp();
    await call("POST", "/api/v1/extensions", operator);
    deps.db.update(extensions).set({ realm: "old.example.uz" }).run();
    expect((await read(await call("GET", "/api/v1/extensions/1001"))).passwordStale).toBe(true);
  });
});
