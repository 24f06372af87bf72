/**
 * What FreeSWITCH posts to callboard, section by section. mod_xml_curl sends
 * every header of the lookup's event (a dialplan lookup: every channel
 * variable, about 6.5 KB) unless its binding lists the ones it wants with
 * `enable-post-var`; then it sends only those, after the five lookup keys it
 * always sends (switch_event_build_param_string, mod_xml_curl.c). callboard's
 * freeswitch-conf has one binding per section listing exactly these names
 * (test/freeswitch-conf.test.ts holds the two together), and the simulator
 * posts as such a binding would.
 *
 * An answer reads only names from here: XmlCurlRequest.field takes a
 * PostedField, so reading a field FreeSWITCH was not told to send does not
 * compile.
 */
export const ALWAYS_POSTED = ["hostname", "section", "tag_name", "key_name", "key_value"] as const;

export const POSTED_FIELDS = {
  // answer-directory.ts, answer-voicemail-pin.ts
  directory: ["domain", "purpose", "user", "sip_profile", "key", "action", "VM-Action", "VM-User-Password"],
  // parse-request.ts dialplanCall
  dialplan: [
    "Hunt-Context",
    "Caller-Context",
    "Caller-Destination-Number",
    "Hunt-Destination-Number",
    "variable_sip_authorized",
    "variable_user_name",
    "Call-Direction",
    "variable_callboard_caller",
    "variable_callboard_forward_hops",
    "variable_originate_failed_cause",
    "Caller-Caller-ID-Name",
    "Caller-Caller-ID-Number",
    "Unique-ID",
    "variable_uuid",
    "variable_sip_via_protocol",
    "variable_rtp_secure_media_negotiated",
  ],
  // answer-configuration.ts: sofia.conf's profile and gateway, ivr.conf's menu
  configuration: ["profile", "gateway", "Menu-Name"],
  // answer-languages.ts
  languages: ["macro_name", "lang"],
} as const;

export type PostedSection = keyof typeof POSTED_FIELDS;
export type PostedField = (typeof ALWAYS_POSTED)[number] | (typeof POSTED_FIELDS)[PostedSection][number];

/**
 * A body as a binding with enable-post-var sends it: the five lookup keys,
 * then only the section's fields, in the order they came. Another section's
 * body (one callboard is not bound for) is returned as it was.
 */
export function postedBody(body: string): string {
  const pairs = body.split("&");
  const section = pairs.find((p) => p.startsWith("section="))?.slice("section=".length);
  if (!section || !(section in POSTED_FIELDS)) return body;
  const keep = new Set<string>([...ALWAYS_POSTED, ...POSTED_FIELDS[section as PostedSection]]);
  return pairs.filter((p) => keep.has(p.slice(0, p.indexOf("=") < 0 ? p.length : p.indexOf("=")))).join("&");
}
