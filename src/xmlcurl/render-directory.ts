import type { SrtpMode } from "../config.ts";
import { create } from "xmlbuilder2";
import type { Extension } from "../db/schema.ts";
import { PIN_HASH } from "../pbx/voicemail.ts";
import { DISPLAY_NAME, EXTENSION_NUMBER, HOST_NAME, OUTBOUND_CLASSES, PHONE_NUMBER, isSafe } from "../pbx/safe-values.ts";
import { userDialString } from "./user-dial-string.ts";
import { hole, xmlTemplate, type XmlTemplate } from "./xml-template.ts";

export type DirectoryUser = Pick<
  Extension,
  "number" | "name" | "callerIdName" | "callerIdNumber" | "a1Hash" | "realm" | "outboundClass" | "record" | "maxRegistrations"
> &
  Partial<Pick<Extension, "voicemailEnabled" | "voicemailPinHash">>;

/** A rendered answer, plus what was left out of it and why (the router logs these). */
export type Rendered = { xml: string; problems: string[] };

type XMLBuilder = ReturnType<typeof create>;

const A1_HASH = /^[0-9a-f]{32}$/;

function domainDoc(domain: string): { root: XMLBuilder; domain: XMLBuilder } {
  const root = create().ele("document", { type: "freeswitch/xml" });
  const dom = root.ele("section", { name: "directory" }).ele("domain", { name: domain });
  return { root, domain: dom };
}

/**
 * A domain with no users. Used for `purpose=gateways` (sofia reading gateways
 * out of directory users: callboard's gateways live in sofia.conf, so there are
 * none to give) and `purpose=network-list` (acl.conf turning users' `cidr`
 * attributes into an ACL: callboard never lets a source address stand in for a
 * password, so the list stays empty). Answering instead of "not found" keeps
 * FreeSWITCH from falling back to whatever static directory the box carries.
 */
export function renderEmptyDomain(domain: string): string | undefined {
  if (!HOST_NAME.test(domain)) return undefined;
  const { root, domain: dom } = domainDoc(domain);
  dom.ele("groups").ele("group", { name: "default" }).ele("users");
  return root.doc().end({ headless: true });
}

/**
 * How long FreeSWITCH may keep a user it got from callboard (`<user
 * cacheable="ms">`, switch_xml.c): re-REGISTERs and INVITE challenges are
 * then answered from FreeSWITCH's own memory. Every change that affects a
 * user flushes its entry at once (freeswitch-user-cache.ts), and so does every
 * change of its registered contacts (they are in the dial string, which
 * `user/N` reads from the same entry); the limit only bounds what a flush
 * lost while the event socket was down could leave behind.
 *
 * At most 2 147 483 ms: switch_xml_locate_user_merged computes the expiry as
 * `int cache_ms * 1000`, and a larger value overflows into an expiry in the
 * past, so nothing is ever served from the cache (seen on 1.10.12 with an hour).
 */
export const USER_CACHE_MS = 1_800_000;

/** The user's document with `dialString` as its dial string; undefined when the row cannot make one. */
function userDocument(requestedDomain: string, sipDomain: string, user: DirectoryUser, dialString: string): Rendered | undefined {
  const problems: string[] = [];
  if (!HOST_NAME.test(requestedDomain) || !HOST_NAME.test(sipDomain)) return undefined;
  if (!EXTENSION_NUMBER.test(user.number) || !A1_HASH.test(user.a1Hash)) return undefined;
  if (user.realm.toLowerCase() !== sipDomain.toLowerCase()) return undefined;

  const { root, domain } = domainDoc(requestedDomain);
  const u = domain
    .ele("groups")
    .ele("group", { name: "default" })
    .ele("users")
    .ele("user", { id: user.number, cacheable: String(USER_CACHE_MS) });

  const params = u.ele("params");
  const param = (name: string, value: string) => params.ele("param", { name, value });
  param("a1-hash", user.a1Hash);
  param("allow-empty-password", "false");
  param("dial-string", dialString);
  if (Number.isInteger(user.maxRegistrations) && user.maxRegistrations > 0 && user.maxRegistrations <= 100) {
    param("max-registrations-per-extension", String(user.maxRegistrations));
  } else {
    problems.push(`max registrations ${user.maxRegistrations} out of range, profile default applies`);
  }
  voicemailParams(user, param, problems);

  const variables = u.ele("variables");
  const variable = (name: string, value: string) => variables.ele("variable", { name, value });
  variable("user_context", "default");
  const name = user.callerIdName ?? user.name;
  if (isSafe(DISPLAY_NAME, name)) variable("effective_caller_id_name", name);
  else problems.push("caller id name is not safe, left out");
  const number = user.callerIdNumber ?? user.number;
  if (isSafe(PHONE_NUMBER, number)) variable("effective_caller_id_number", number);
  else problems.push("caller id number is not safe, left out");
  if ((OUTBOUND_CLASSES as readonly string[]).includes(user.outboundClass)) variable("callboard_outbound_class", user.outboundClass);
  else problems.push("outbound class is not one of the four, left out (routing bars the extension)");
  variable("callboard_record", user.record ? "true" : "false");

  return { xml: root.doc().end({ headless: true }), problems };
}

/**
 * What mod_voicemail reads from the user (voicemail_check_main,
 * voicemail_leave_main): whether the box is on, and the PIN as
 * md5(box:domain:PIN) in `vm-a1-hash`. Without `vm-a1-hash` it would take the
 * SIP `a1-hash` for the PIN's, so a box with no PIN gets a value no md5 can
 * equal: messages are left in it and heard over REST, and nobody logs in from
 * a phone until a PIN is set.
 */
function voicemailParams(user: DirectoryUser, param: (name: string, value: string) => unknown, problems: string[]) {
  if (!user.voicemailEnabled) {
    param("vm-enabled", "false");
    return;
  }
  const hash = user.voicemailPinHash ?? null;
  if (hash !== null && !PIN_HASH.test(hash)) problems.push("voicemail PIN hash is not an md5: phone login closed until a PIN is set");
  param("vm-enabled", "true");
  param("vm-a1-hash", hash !== null && PIN_HASH.test(hash) ? hash : NO_PIN);
}

/** Not hex: mod_voicemail's strcmp against an md5 it computes never matches. */
const NO_PIN = "no-pin-set";

/**
 * One user, as sofia needs it for digest auth (REGISTER and INVITE) and as
 * `user/N@domain` needs it to ring the phone. Never a `password` param, and
 * never a user without params (sofia lets such a user in without a password):
 * when the row cannot produce a valid a1-hash the answer is undefined.
 *
 * The dial string names the extension's registered contacts (`contacts`,
 * see user-dial-string.ts), so every phone of the extension rings. This
 * builds the DOM each time; the hot path fills directoryUserTemplate instead,
 * and its tests compare the two.
 */
export function renderDirectoryUser(
  requestedDomain: string,
  sipDomain: string,
  user: DirectoryUser,
  contacts: readonly string[] = [],
  srtp: SrtpMode = "off",
): Rendered | undefined {
  const dial = userDialString(user.number, sipDomain, contacts, srtp);
  const doc = userDocument(requestedDomain, sipDomain, user, dial.dialString);
  return doc && { xml: doc.xml, problems: [...dial.problems, ...doc.problems] };
}

/**
 * The user's document rendered once by xmlbuilder2 with the dial string left
 * as a hole: everything in it depends on the row alone, while the dial string
 * follows the registrations and is filled per request (fillDirectoryUser).
 */
export type DirectoryUserTemplate = { number: string; sipDomain: string; template: XmlTemplate; problems: readonly string[] };

export function directoryUserTemplate(requestedDomain: string, sipDomain: string, user: DirectoryUser): DirectoryUserTemplate | undefined {
  const doc = userDocument(requestedDomain, sipDomain, user, hole(0));
  return doc && { number: user.number, sipDomain, template: xmlTemplate(doc.xml), problems: doc.problems };
}

export function fillDirectoryUser(t: DirectoryUserTemplate, contacts: readonly string[], srtp: SrtpMode = "off"): Rendered {
  const dial = userDialString(t.number, t.sipDomain, contacts, srtp);
  return { xml: t.template.fill([dial.dialString]), problems: [...dial.problems, ...t.problems] };
}
