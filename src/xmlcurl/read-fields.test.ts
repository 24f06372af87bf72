import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseXmlCurlBody } from "./parse-request.ts";
import type { PostedField } from "./posted-fields.ts";
import { createXmlCurlReader } from "./read-fields.ts";

const readBytes = createXmlCurlReader();
const readXmlCurlRequest = (body: string) => readBytes(Buffer.from(body));

const DIR = join(import.meta.dir, "../../test/fixtures/freeswitch/xmlcurl-requests");
const bodies = readdirSync(DIR)
  .filter((f) => f.endsWith(".body"))
  .map((f) => [f, readFileSync(join(DIR, f), "utf8")] as const);

test("every field of every body FreeSWITCH sent reads the same as the full parse, Cyrillic and apostrophes included", () => {
  expect(bodies.length).toBeGreaterThan(20);
  for (const [, body] of bodies) {
    const full = parseXmlCurlBody(body);
    const lazy = readXmlCurlRequest(body);
    expect([lazy.section, lazy.tagName, lazy.keyName, lazy.keyValue]).toEqual([full.section, full.tagName, full.keyName, full.keyValue]);
    // Every name, not only those callboard reads: the reader must find any field where the full parse does.
    for (const [name, value] of full.fields) if (!name.includes("%")) expect(lazy.field(name as PostedField)).toBe(value);
    expect(lazy.field("no_such_field" as PostedField)).toBeUndefined();
  }
});

test("the first occurrence wins, a name inside another name or a value is not a field, and the body's end closes the last value", () => {
  const req = readXmlCurlRequest("section=directory&xuser=evil&user=1001&user=1002&note=user%3D9&domain=x%20y");
  expect(req.section).toBe("directory");
  expect(req.field("user")).toBe("1001");
  expect(req.field("domain")).toBe("x y");
  expect(readXmlCurlRequest("section=directory&section=dialplan").section).toBe("directory");
  expect(readXmlCurlRequest("user=").field("user")).toBe("");
});

test("a value sent as raw UTF-8 reads as the decoded text would, the bytes around it untouched", () => {
  const req = readXmlCurlRequest("section=dialplan&Caller-Caller-ID-Name=Qo'ng'iroq Иван&Caller-Context=public");
  expect(req.field("Caller-Caller-ID-Name")).toBe("Qo'ng'iroq Иван");
  expect(req.field("Caller-Context")).toBe("public");
});

test("a garbage body reads as no fields and never throws", () => {
  for (const body of ["", "%%%&&&==", "=&=&", "section", "section=", "=section", "section=%E0%A4%A"]) {
    const req = readXmlCurlRequest(body);
    expect(typeof req.section).toBe("string");
  }
});
