import { create } from "xmlbuilder2";

/**
 * The document that tells mod_xml_curl "nothing here": FreeSWITCH then tries
 * its static XML, which in callboard's freeswitch-conf holds no users and no
 * dialplan, so every lookup callboard declines fails closed.
 */
export function renderNotFound(): string {
  return create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "result" })
    .ele("result", { status: "not found" })
    .doc()
    .end({ headless: true });
}

/** Rendered once: every declined lookup sends these same bytes. */
export const NOT_FOUND_XML = renderNotFound();
