import { create } from "xmlbuilder2";
import { hole, xmlTemplate } from "./xml-template.ts";

/** One dialplan action: the application and, when it takes one, its data. */
export type Action = [application: string, data?: string];

/** The condition's attributes, or none for a condition that always holds. */
export type Condition = { field: string; expression: string } | undefined;

/**
 * The dialplan document built as a DOM by xmlbuilder2: one context holding one
 * extension with one condition. The reference dialplanDocument must equal.
 */
export function dialplanDocumentDom(context: string, extension: string, condition: Condition, actions: readonly Action[]): string {
  const c = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "dialplan" })
    .ele("context", { name: context })
    .ele("extension", { name: extension })
    .ele("condition", condition ? { field: condition.field, expression: condition.expression } : {});
  for (const [application, data] of actions) c.ele("action", data === undefined ? { application } : { application, data });
  return c.doc().end({ headless: true });
}

/** Where the actions go: an element no answer has, cut out of the rendered head. */
const ACTIONS_HERE = "<callboard-actions-here/>";

function framing(condition: boolean) {
  const xml = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "dialplan" })
    .ele("context", { name: hole(0) })
    .ele("extension", { name: hole(1) })
    .ele("condition", condition ? { field: hole(2), expression: hole(3) } : {})
    .ele("callboard-actions-here")
    .doc()
    .end({ headless: true });
  const at = xml.indexOf(ACTIONS_HERE);
  if (at < 0 || xml.indexOf(ACTIONS_HERE, at + 1) >= 0) throw new Error(`dialplan template has no single action slot: ${xml}`);
  return { head: xmlTemplate(xml.slice(0, at)), tail: xml.slice(at + ACTIONS_HERE.length) };
}

/*
 * Rendered by xmlbuilder2 once, when the module loads, and never changed:
 * constants, like the strings they are.
 */
const WITH_CONDITION = framing(true);
const WITHOUT_CONDITION = framing(false);
const ACTION = xmlTemplate(create().ele("action", { application: hole(0) }).doc().end({ headless: true }));
const ACTION_WITH_DATA = xmlTemplate(create().ele("action", { application: hole(0), data: hole(1) }).doc().end({ headless: true }));

/** The same document as dialplanDocumentDom, filled into templates xmlbuilder2 rendered once. */
export function dialplanDocument(context: string, extension: string, condition: Condition, actions: readonly Action[]): string {
  // An empty condition serializes as <condition/>, which the frame cannot hold; no answer has one.
  if (actions.length === 0) return dialplanDocumentDom(context, extension, condition, actions);
  const frame = condition ? WITH_CONDITION : WITHOUT_CONDITION;
  let xml = frame.head.fill(condition ? [context, extension, condition.field, condition.expression] : [context, extension]);
  for (const [application, data] of actions) xml += data === undefined ? ACTION.fill([application]) : ACTION_WITH_DATA.fill([application, data]);
  return xml + frame.tail;
}
