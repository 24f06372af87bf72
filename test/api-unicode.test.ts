/**
 * A REST body says exactly what the client sent or is refused: lone UTF-16
 * surrogates (legal as `\ud800` escapes in JSON) and invalid UTF-8 bytes
 * would otherwise be stored as U+FFFD, and a gateway password would silently
 * differ from the admin's.
 */
import { describe, expect, test } from "bun:test";
import { illFormedField } from "../src/api/well-formed-body.ts";
import { extensions, gateways } from "../src/db/schema.ts";
import { a1Hash } from "../src/pbx/passwords.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";

const ILL_FORMED = "is not well-formed Unicode (a lone UTF-16 surrogate); it would be stored as U+FFFD";
const read = async (res: Response): Promise<any> => res.json();

function rawPost(t: ReturnType<typeof testApp>, path: string, body: Uint8Array | string) {
  return t.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${t.admin}`, "content-type": "application/json" },
    body,
  });
}

describe("ill-formed strings in a REST body are refused with 422 naming the field", () => {
  test("a gateway password with a lone surrogate is refused, not stored as U+FFFD", async () => {
    const t = testApp();
    const res = await t.call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "secret\ud800pass" });
    expect(res.status).toBe(422);
    expect(await read(res)).toEqual({
      error: { code: "invalid", field: "password", message: expect.stringContaining("password: is not well-formed Unicode") },
    });
    expect(t.deps.db.select().from(gateways).all()).toEqual([]);
  });

  test("the escape as JSON carries it is refused the same way, for a low surrogate as for a high one", async () => {
    const t = testApp();
    const body = '{"number":"1001","name":"Operator 1","password":"Long-enough-\\udc00-pass"}';
    const res = await rawPost(t, "/api/v1/extensions", body);
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("password");
    expect(t.deps.db.select().from(extensions).all()).toEqual([]);
  });

  test("nested fields, PATCH bodies and live-call bodies are covered by the same one check, before any route's own rules", async () => {
    const t = testApp();
    await t.call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
    const refusals = [
      ["POST", "/api/v1/dids", { number: "998712000000", destination: { type: "extension", target: "10\ud83d01" } }, "destination.target"],
      ["PATCH", "/api/v1/extensions/1001", { name: "Op\udfff" }, "name"],
      ["POST", "/api/v1/calls", { from: "1001", to: "99890\ud8001234567" }, "to"],
    ] as const;
    for (const [method, path, body, field] of refusals) {
      const res = await t.call(method, path, body);
      expect(res.status).toBe(422);
      expect((await read(res)).error).toMatchObject({ field, message: `${field}: ${ILL_FORMED}` });
    }
    expect(t.deps.db.select().from(extensions).get()?.name).toBe("Operator 1");
  });

  test("a lone surrogate in a field name is named by its escape", async () => {
    const t = testApp();
    const res = await rawPost(t, "/api/v1/extensions", '{"number":"1001","name":"Operator 1","\\ud800x":1}');
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("\\ud800x");
  });

  test("well-formed text outside the BMP (a surrogate pair) is kept exactly", async () => {
    const t = testApp();
    const password = "Qo'ng'iroq-😀-пароль";
    expect((await t.call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1", password })).status).toBe(201);
    expect(t.deps.db.select().from(extensions).get()?.a1Hash).toBe(a1Hash("1001", TEST_DOMAIN, password));
    const gateway = { name: "belluz", host: "bell.uz", username: "998785553322", password: "пароль-😀-Secret" };
    expect((await t.call("POST", "/api/v1/gateways", gateway)).status).toBe(201);
    expect(t.deps.secrets.open(t.deps.db.select().from(gateways).get()!.passwordEnc)).toBe(gateway.password);
  });
});

describe("bytes that are not UTF-8", () => {
  test("are refused with 400 in the error shape instead of being decoded to U+FFFD", async () => {
    const t = testApp();
    const prefix = new TextEncoder().encode('{"number":"1001","name":"Operator 1","password":"Long-enough-');
    const suffix = new TextEncoder().encode('-pass"}');
    // A stray byte, a truncated sequence, and a surrogate encoded as UTF-8 (CESU-8).
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80]]) {
      const res = await rawPost(t, "/api/v1/extensions", new Uint8Array([...prefix, ...bad, ...suffix]));
      expect(res.status).toBe(400);
      expect(await read(res)).toEqual({ error: { code: "bad_request", message: "the body is not valid UTF-8" } });
    }
    expect(t.deps.db.select().from(extensions).all()).toEqual([]);
  });

  test("malformed JSON is still the validator's 400, and a deeply nested body is refused without a 500", async () => {
    const t = testApp();
    expect((await rawPost(t, "/api/v1/extensions", '{"number": "1001",')).status).toBe(400);
    const deep = `{"number":"1001","name":${"[".repeat(100_000)}"\\ud800"${"]".repeat(100_000)}}`;
    const res = await rawPost(t, "/api/v1/extensions", deep);
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toStartWith("name.0.0.0");
  });
});

describe("illFormedField", () => {
  test("reports the first ill-formed string in body order, with array indexes, or nothing", () => {
    expect(illFormedField({ a: "ok", b: ["fine", { c: "\ud800" }], d: "\udc00" })).toBe("b.1.c");
    expect(illFormedField("\ud800")).toBe("");
    expect(illFormedField({ a: ["😀", 1, null, true], b: { c: "пароль" } })).toBeUndefined();
  });
});
