/**
 * The form bodies mod_xml_curl POSTs, field for field as FreeSWITCH 1.10.12
 * writes them (test/fixtures/freeswitch/http/ and xmlcurl-requests/): the
 * four lookup keys, then the REQUEST_PARAMS event the asking module filled
 * in — its core headers, then what that module adds. Every name and value
 * goes through switch_url_encode.
 */
import { SITES } from "./calling-sites.ts";
import { channelHeaders, coreHeaders, profileHeaders, type ChannelSnapshot, type EventStamp, type SwitchIdentity } from "./event-headers.ts";
import { fsUrlEncode, type Header } from "./frames.ts";

type Keys = { section: string; tagName: string; keyName: string; keyValue: string };

function formBody(id: SwitchIdentity, keys: Keys, event: readonly Header[]): string {
  const fields: Header[] = [
    ["hostname", id.switchname],
    ["section", keys.section],
    ["tag_name", keys.tagName],
    ["key_name", keys.keyName],
    ["key_value", keys.keyValue],
    ...event,
  ];
  return fields.map(([name, value]) => `${fsUrlEncode(name)}=${fsUrlEncode(value)}`).join("&");
}

/**
 * mod_dialplan_xml asking where a leg goes: the whole channel (as
 * switch_channel_event_set_data writes it) and the caller profile being
 * hunted, again, as `Hunt-*`. No lookup keys: callboard reads the context
 * and destination from the channel.
 */
export function dialplanRequest(id: SwitchIdentity, stamp: EventStamp, leg: ChannelSnapshot): string {
  return formBody(id, { section: "dialplan", tagName: "", keyName: "", keyValue: "" }, [
    ...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.dialplanRequest),
    ...channelHeaders(leg, true),
    ...profileHeaders("Hunt", leg.profile, true),
  ]);
}

/** What a phone's REGISTER carried, digest included, as sofia_reg_parse_auth copies it. */
export type RegisterAuth = {
  user: string;
  domain: string;
  userAgent: string;
  nonce: string;
  /** The digest's `uri`, e.g. sip:pbx.test:5060 */
  authUri: string;
  contactHost: string;
  callId: string;
  /** The Request-URI's port, when the phone wrote one. */
  requestPort?: number;
  cnonce: string;
  nc: string;
  response: string;
  /** Where the REGISTER came from. */
  ip: string;
  port: number;
};

/** Digest auth of a REGISTER on profile internal (`action=sip_auth`). */
export function registerAuthRequest(id: SwitchIdentity, stamp: EventStamp, r: RegisterAuth): string {
  return formBody(id, { section: "directory", tagName: "domain", keyName: "name", keyValue: r.domain }, [
    ...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.registerAuthRequest),
    ["action", "sip_auth"],
    ["sip_profile", "internal"],
    ["sip_user_agent", r.userAgent],
    ["sip_auth_username", r.user],
    ["sip_auth_realm", r.domain],
    ["sip_auth_nonce", r.nonce],
    ["sip_auth_uri", r.authUri],
    ["sip_contact_user", r.user],
    ["sip_contact_host", r.contactHost],
    ["sip_to_user", r.user],
    ["sip_to_host", r.domain],
    ["sip_via_protocol", "udp"],
    ["sip_from_user", r.user],
    ["sip_from_host", r.domain],
    ["sip_call_id", r.callId],
    ["sip_request_host", r.domain],
    ...(r.requestPort === undefined ? [] : [["sip_request_port", String(r.requestPort)] as const]),
    ["sip_auth_qop", "auth"],
    ["sip_auth_cnonce", r.cnonce],
    ["sip_auth_nc", r.nc],
    ["sip_auth_response", r.response],
    ["sip_auth_method", "REGISTER"],
    ["client_port", String(r.port)],
    ["key", "id"],
    ["user", r.user],
    ["domain", r.domain],
    ["ip", r.ip],
  ]);
}

/**
 * `bridge user/N@domain` (or an originate of it) asking for N's dial string.
 * The variables in the dial string's `{…}` come along as fields.
 */
export function userCallRequest(id: SwitchIdentity, stamp: EventStamp, user: string, domain: string, vars: readonly Header[] = []): string {
  return formBody(id, { section: "directory", tagName: "domain", keyName: "name", keyValue: domain }, [
    ...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.userCallRequest),
    ["as_channel", "true"],
    ["action", "user_call"],
    ...vars,
    ["key", "id"],
    ["user", user],
    ["domain", domain],
  ]);
}

/**
 * mod_callcenter reading callcenter.conf: when the module loads (or an agent
 * is reloaded) with no parameters at all — the four keys only — and when a
 * queue is loaded, with the REQUEST_PARAMS event naming it (`CC-Queue`).
 */
export function callcenterConfRequest(id: SwitchIdentity, stamp: EventStamp | undefined, queue?: string): string {
  const keys = { section: "configuration", tagName: "configuration", keyName: "name", keyValue: "callcenter.conf" };
  if (!stamp || queue === undefined) return formBody(id, keys, []);
  return formBody(id, keys, [...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.queueLoadRequest), ["CC-Queue", queue]]);
}

/**
 * The `ivr` application opening ivr.conf (mod_dptools'
 * ivr_application_function): `Menu-Name`, then the channel's data and
 * variables — as xml_curl-post-configuration-ivr.conf.raw.
 */
export function ivrConfRequest(id: SwitchIdentity, stamp: EventStamp, leg: ChannelSnapshot, menu: string): string {
  return formBody(id, { section: "configuration", tagName: "configuration", keyName: "name", keyValue: "ivr.conf" }, [
    ...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.ivrConfRequest),
    ["Menu-Name", menu],
    ...channelHeaders(leg, true),
  ]);
}

/** mod_voicemail opening voicemail.conf (load_config, load_profile): no parameters, the keys only. */
export function voicemailConfRequest(id: SwitchIdentity): string {
  return formBody(id, { section: "configuration", tagName: "configuration", keyName: "name", keyValue: "voicemail.conf" }, []);
}

/**
 * `voicemail <profile> <domain> <id>` finding the box's user
 * (switch_xml_locate_user_merged "id:number-alias"): `action`, then what
 * switch_xml_locate_user adds — key, user, domain, and the caller's network
 * address as `ip`. The second key is asked with the same event, so its
 * fields come twice.
 */
export function voicemailLookupRequest(id: SwitchIdentity, stamp: EventStamp, user: string, domain: string, ip: string, keys: readonly string[]): string {
  return formBody(id, { section: "directory", tagName: "domain", keyName: "name", keyValue: domain }, [
    ...coreHeaders("REQUEST_PARAMS", id, stamp, SITES.voicemailLookupRequest),
    ["action", "voicemail-lookup"],
    ...keys.flatMap((key): Header[] => [["key", key], ["user", user], ["domain", domain], ["ip", ip]]),
  ]);
}
