import { expect, test } from "bun:test";
import { create } from "xmlbuilder2";
import { HOSTILE } from "../../test/support/hostile-values.ts";
import { escapeXmlAttribute, hole, xmlTemplate } from "./xml-template.ts";


const viaDom = (value: string) => create().ele("param", { name: "x", value }).doc().end({ headless: true });

test("a filled template is byte for byte what xmlbuilder2 renders for the same value, hostile ones included", () => {
  const template = xmlTemplate(viaDom(hole(0)));
  for (const value of HOSTILE) expect(template.fill([value])).toBe(viaDom(value));
});

test("escaping matches xmlbuilder2's for every character", () => {
  for (let cp = 0; cp < 0x3000; cp++) {
    const value = `x${String.fromCharCode(cp)}y`;
    expect(`<param name="x" value="${escapeXmlAttribute(value)}"/>`).toBe(viaDom(value));
  }
});

test("a template says how many holes it has and refuses another count", () => {
  const two = xmlTemplate(create().ele("a", { x: hole(0), y: hole(1) }).doc().end({ headless: true }));
  expect(two.holes).toBe(2);
  expect(() => two.fill(["only one"])).toThrow();
  expect(() => xmlTemplate(create().ele("a", { x: hole(1) }).doc().end({ headless: true }))).toThrow();
});
