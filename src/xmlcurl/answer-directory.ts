import type { SrtpMode } from "../config.ts";
import type { PbxExtension } from "../db/pbx-model.ts";
import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import { clip, declined, type Answer, type AnswerContext } from "./answer.ts";
import type { XmlCurlRequest } from "./parse-request.ts";
import { refusePhonePin } from "./answer-voicemail-pin.ts";
import { directoryUserTemplate, fillDirectoryUser, renderEmptyDomain, type DirectoryUserTemplate, type Rendered } from "./render-directory.ts";

/**
 * A user's document minus its dial string, per model row: a write replaces
 * the row object, which drops its entry without any bookkeeping. Keyed by the
 * domain the lookup named too, which FreeSWITCH echoes back as it was sent.
 */
type UserEntry = { domain: string; template: DirectoryUserTemplate | undefined; last?: { contacts: string; rendered: Rendered } };

export type DirectoryCache = {
  users: WeakMap<PbxExtension, UserEntry>;
  emptyDomains: Map<string, string | undefined>;
};

/** Domain spellings kept for empty-domain answers; only case variants of the SIP domain get this far. */
const MAX_EMPTY_DOMAINS = 16;

export function answerDirectory(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const f = req.field;
  const domain = f("domain") ?? (req.tagName === "domain" ? req.keyValue : "");
  const purpose = f("purpose");
  const user = f("user");
  const key = clip(purpose ? `${purpose}@${domain}` : `${user ?? ""}@${domain}`);
  if (domain !== ctx.config.domain && domain.toLowerCase() !== ctx.config.domain.toLowerCase()) return declined(key, "not callboard's domain");

  if (purpose === "gateways" || purpose === "network-list") {
    const xml = emptyDomain(domain, ctx.cache.directory);
    return xml ? { xml, key, outcome: "empty domain" } : declined(key, "domain is not a host name");
  }
  if (purpose) return declined(key, "unknown purpose");
  // Extensions register and authenticate on `internal` only. Profile `external`
  // (5080, open to providers) also sets disable-register; this keeps digest auth
  // off it even for a profile configured by hand. Lookups without sip_profile
  // (bridge user/N sends action=user_call) are not sofia auth and stay served.
  const sipProfile = f("sip_profile");
  if (sipProfile !== undefined && sipProfile !== "internal") return declined(key, `sip_profile ${clip(sipProfile)} is not internal`);
  if (!user || (f("key") ?? "id") !== "id") return declined(key, "not a lookup by user id");
  if (!EXTENSION_NUMBER.test(user)) return declined(key, "not an extension number");

  const row = ctx.model().extensions.get(user);
  if (!row) return declined(key, "no such extension");
  if (!row.enabled) return declined(key, "extension disabled");
  const refused = refusePhonePin(req, user, domain, key);
  if (refused) return refused;
  const entry = userEntry(row, domain, ctx);
  if (!entry.template) return declined(key, "row unusable (a1-hash, realm or number): reset the password");
  const rendered = filled(entry, entry.template, ctx.contacts(user, ctx.now()), ctx.config.srtp);
  const action = f("action") ?? "lookup";
  return { xml: rendered.xml, key, outcome: `user (${clip(action)})`, problems: rendered.problems };
}

function userEntry(row: PbxExtension, domain: string, ctx: AnswerContext): UserEntry {
  const cached = ctx.cache.directory.users.get(row);
  if (cached?.domain === domain) return cached;
  const entry: UserEntry = { domain, template: directoryUserTemplate(domain, ctx.config.domain, row) };
  ctx.cache.directory.users.set(row, entry);
  return entry;
}

/** The last answer is kept with the contacts it was filled with: a phone re-registering from where it was gets it as is. */
function filled(entry: UserEntry, template: DirectoryUserTemplate, contacts: readonly string[], srtp: SrtpMode): Rendered {
  const key = contacts.length === 0 ? "" : contacts.join("\n");
  if (entry.last?.contacts !== key) entry.last = { contacts: key, rendered: fillDirectoryUser(template, contacts, srtp) };
  return entry.last.rendered;
}

function emptyDomain(domain: string, cache: DirectoryCache): string | undefined {
  if (cache.emptyDomains.has(domain)) return cache.emptyDomains.get(domain);
  const xml = renderEmptyDomain(domain);
  if (cache.emptyDomains.size < MAX_EMPTY_DOMAINS) cache.emptyDomains.set(domain, xml);
  return xml;
}
