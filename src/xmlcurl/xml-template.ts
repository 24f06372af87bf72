/**
 * Answers on the hot path are filled into XML that xmlbuilder2 rendered once,
 * instead of building a DOM per request. A template is xmlbuilder2's output
 * for a document whose variable attribute values are holes (`hole(n)`); each
 * fill escapes its value exactly as xmlbuilder2 escapes an attribute, so a
 * filled template is byte for byte what xmlbuilder2 would have produced for
 * the same values (xml-template.test.ts and the renderers' tests prove it,
 * hostile values included). Callers validate each value against its strict
 * pattern before it gets here, as they did before there were templates.
 */

/** Control characters no validated value can hold, so a hole is never mistaken for text. */
const HOLE = /\u0001(\d+)\u0001/g;

export const hole = (n: number) => `\u0001${n}\u0001`;

export type XmlTemplate = { readonly holes: number; fill(values: readonly string[]): string };

const SPECIAL = /[&<>"]/;
/** xmlbuilder2 leaves what already reads as an entity (`&lt;`, `&#36;`) alone; no validated value holds a `&`. */
const BARE_AMPERSAND = /&(?![A-Za-z]+;|#\d+;)/g;

/** What xmlbuilder2 (not validating well-formedness) does to an attribute value, character for character. */
export function escapeXmlAttribute(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(BARE_AMPERSAND, "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * `xml`: xmlbuilder2's rendering with holes 0..n-1 as attribute values,
 * each exactly once and in order. Throws on anything else: a template that
 * does not say what it means is a programming error, found at start-up.
 */
export function xmlTemplate(xml: string): XmlTemplate {
  const literals: string[] = [];
  let last = 0;
  let expected = 0;
  for (const m of xml.matchAll(HOLE)) {
    if (Number(m[1]) !== expected) throw new Error(`template holes out of order: ${xml}`);
    literals.push(xml.slice(last, m.index));
    last = m.index + m[0].length;
    expected++;
  }
  literals.push(xml.slice(last));
  const holes = expected;
  return {
    holes,
    fill(values) {
      if (values.length !== holes) throw new Error(`template takes ${holes} values, got ${values.length}`);
      let out = literals[0]!;
      for (let i = 0; i < holes; i++) out += escapeXmlAttribute(values[i]!) + literals[i + 1]!;
      return out;
    },
  };
}
