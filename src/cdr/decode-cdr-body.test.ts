import { describe, expect, test } from "bun:test";
import { A_LEG, A_LEG_UUID, fixtureBytes, parseFixture, toBytes } from "../../test/support/cdr-bodies.ts";
import { decodeCdrBody } from "./decode-cdr-body.ts";

const json = fixtureBytes(A_LEG);
const jsonText = new TextDecoder().decode(json);
const bytes = (s: string) => new TextEncoder().encode(s);
const uuidOf = (r: ReturnType<typeof decodeCdrBody>) => (r.ok ? (r.json.variables as { uuid?: string }).uuid : r.error);

describe("the body is judged by its bytes", () => {
  test("raw JSON labelled application/x-www-form-urlencoded (mod_json_cdr 1.10.12 with disable-100-continue) is JSON", () => {
    const r = decodeCdrBody(json, "application/x-www-form-urlencoded");
    expect(uuidOf(r)).toBe(A_LEG_UUID);
    expect(r.ok && r.text).toBe(jsonText);
  });

  test("raw JSON with no Content-Type, or after leading whitespace, is JSON", () => {
    expect(uuidOf(decodeCdrBody(json, undefined))).toBe(A_LEG_UUID);
    expect(uuidOf(decodeCdrBody(bytes(`\r\n ${jsonText}\n`), "application/json"))).toBe(A_LEG_UUID);
  });

  test("encode=true: cdr=<url-encoded JSON> is decoded, labelled or not", () => {
    const body = bytes(`cdr=${encodeURIComponent(jsonText)}`);
    expect(uuidOf(decodeCdrBody(body, "application/x-www-form-urlencoded"))).toBe(A_LEG_UUID);
    expect(uuidOf(decodeCdrBody(body, "application/json"))).toBe(A_LEG_UUID);
  });

  test("encode=base64: cdr=<base64> is decoded under its own label and under the form label it gets with disable-100-continue", () => {
    const cdr = parseFixture(A_LEG);
    cdr.variables.note = "Qo‘ng‘iroq ~>?";
    const base64 = Buffer.from(toBytes(cdr)).toString("base64");
    // A `+` that form decoding turned into a space would break the document.
    expect(base64).toContain("+");
    const body = bytes(`cdr=${base64}`);
    expect(uuidOf(decodeCdrBody(body, "application/x-www-form-base64-encoded"))).toBe(A_LEG_UUID);
    expect(uuidOf(decodeCdrBody(body, "application/x-www-form-urlencoded"))).toBe(A_LEG_UUID);
  });
});

describe("what is not a CDR document is refused with a reason", () => {
  test.each([
    ["empty", "", "application/json", "empty body"],
    ["a form without cdr=", "foo=bar", "application/x-www-form-urlencoded", "form body has no cdr field"],
    ["plain text", "hello", undefined, "neither a JSON object nor a cdr= form"],
    ["a JSON array", "[1]", "application/json", "neither a JSON object nor a cdr= form"],
    ["cut JSON", jsonText.slice(0, 500), "application/x-www-form-urlencoded", "body is not JSON"],
    ["a cdr field in neither encoding", "cdr=not base64!", "application/x-www-form-urlencoded", "neither URL-encoded JSON nor base64"],
    ["broken URL encoding", "cdr=%7B%zz", "application/x-www-form-urlencoded", "not valid URL encoding"],
  ])("%s", (_, body, type, error) => {
    const r = decodeCdrBody(bytes(body), type);
    expect(r.ok ? "accepted" : r.error).toContain(error);
  });

  test("bytes that are not UTF-8", () => {
    expect(decodeCdrBody(new Uint8Array([0x7b, 0xff, 0x7d]), "application/json")).toEqual({ ok: false, error: "body is not valid UTF-8" });
  });
});
