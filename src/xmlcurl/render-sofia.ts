import { create } from "xmlbuilder2";
import type { Config, SipBinding, SipTls } from "../config.ts";
import { GATEWAY_NAME, HOST_NAME, isSafeDir } from "../pbx/safe-values.ts";
import type { Rendered } from "./render-directory.ts";
import { gatewayParams, gatewayProblem, type SofiaGateway } from "./sofia-gateway.ts";

export type { SofiaGateway };

export type SofiaOptions = {
  /** The SIP domain: challenge realm and registration domain of `internal`. */
  domain: string;
  /** The PBX's public address when it sits behind 1:1 NAT; undefined when its own address is public. */
  publicIp?: string;
  /** Where each profile listens (CALLBOARD_SIP_IP and friends). */
  sip: Config["sip"];
  /** `profile=` FreeSWITCH sends when it (re)starts one profile. */
  profile?: string;
  /** `gateway=` FreeSWITCH sends for `startgw`. */
  gateway?: string;
};

export type Params = [name: string, value: string][];

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const CODECS = "PCMA,PCMU";

function media(): Params {
  return [
    ["inbound-codec-prefs", CODECS],
    ["outbound-codec-prefs", CODECS],
    ["dtmf-type", "rfc2833"],
    ["rfc2833-pt", "101"],
    ["rtp-timer-name", "soft"],
    // A phone that vanishes mid-call (Wi-Fi drop) stops costing a channel after 5 minutes.
    ["rtp-timeout-sec", "300"],
    ["rtp-hold-timeout-sec", "1800"],
  ];
}

/*
 * NAT: with CALLBOARD_PUBLIC_IP set (PBX behind 1:1 NAT, e.g. a cloud VM) SIP
 * and SDP advertise that address. Without it nothing is advertised: the PBX's
 * own address is taken to be the one phones reach. `auto-nat` is not used: it
 * needs UPnP/NAT-PMP from a router, which a PBX in a data centre does not have,
 * and it delays start-up while it searches.
 */
function advertised(publicIp: string | undefined): Params {
  if (!publicIp || !IPV4.test(publicIp)) return [];
  return [
    ["ext-sip-ip", publicIp],
    ["ext-rtp-ip", publicIp],
  ];
}

/**
 * sip-port, plus sip-ip/rtp-ip when the admin chose them (without them sofia
 * binds the address of its default route). Undefined when a value fails its
 * re-check: binding a guessed address instead would be a silent surprise.
 */
function listening(b: SipBinding): Params | undefined {
  const addressOk = (ip: string | undefined) => ip === undefined || (IPV4.test(ip) && ip !== "0.0.0.0");
  if (!Number.isInteger(b.sipPort) || b.sipPort < 1 || b.sipPort > 65535 || !addressOk(b.sipIp) || !addressOk(b.rtpIp)) return undefined;
  return [
    ...(b.sipIp ? ([["sip-ip", b.sipIp]] as Params) : []),
    ...(b.rtpIp ? ([["rtp-ip", b.rtpIp]] as Params) : []),
    ["sip-port", String(b.sipPort)],
  ];
}

/**
 * The TLS listener beside UDP/TCP on the internal profile: sofia reads
 * agent.pem (key and certificate) and cafile.pem from tls-cert-dir, and
 * writes its own self-signed tls.pem there when either is missing, which is
 * why doctor checks them. No client certificates are asked of phones
 * (tls-verify-policy stays none), and nothing older than TLS 1.2.
 */
export function tlsParams(tls: SipTls | undefined): Params | undefined {
  if (!tls) return [];
  const portOk = Number.isInteger(tls.port) && tls.port >= 1 && tls.port <= 65535;
  if (!portOk || !isSafeDir(tls.certDir)) return undefined;
  return [
    ["tls", "true"],
    ["tls-sip-port", String(tls.port)],
    ["tls-cert-dir", tls.certDir],
    ["tls-version", "tlsv1.2,tlsv1.3"],
  ];
}

function internalSettings(o: SofiaOptions, listen: Params): Params {
  return [
    ["user-agent-string", "callboard"],
    ["debug", "0"],
    ["sip-trace", "no"],
    ["context", "default"],
    ["dialplan", "XML"],
    ...listen,
    ...(tlsParams(o.sip.tls) ?? []),
    ["auth-calls", "true"],
    ["accept-blind-reg", "false"],
    ["accept-blind-auth", "false"],
    // 1001's credentials register 1001 only.
    ["inbound-reg-force-matching-username", "true"],
    // a1-hash = md5(number:domain:password): the realm must be the domain whatever host name the phone dialled.
    ["challenge-realm", o.domain],
    ["force-register-domain", o.domain],
    ["force-register-db-domain", o.domain],
    // An extension may have several phones (max-registrations-per-extension in the directory caps them);
    // without this FreeSWITCH silently drops a phone's binding when another registers.
    ["multiple-registrations", "contact"],
    ["log-auth-failures", "true"],
    ["nonce-ttl", "60"],
    ["manage-presence", "false"],
    ...media(),
    // MicroSIP at home or in an office sits behind NAT: answer where packets came from, keep pinholes open.
    // `lan` is freeswitch-conf's acl.conf list of office networks: phones there get the PBX's own address.
    ["local-network-acl", "lan"],
    ["apply-nat-acl", "nat.auto"],
    ["aggressive-nat-detection", "true"],
    ["NDLB-force-rport", "true"],
    ["NDLB-received-in-nat-reg-contact", "true"],
    ["nat-options-ping", "true"],
    ...advertised(o.publicIp),
  ];
}

function externalSettings(o: SofiaOptions, listen: Params): Params {
  return [
    ["user-agent-string", "callboard"],
    ["debug", "0"],
    ["sip-trace", "no"],
    ["context", "public"],
    ["dialplan", "XML"],
    ...listen,
    ["auth-calls", "false"],
    // Providers send calls here, phones never register here: sofia answers any REGISTER with 403
    // (MFLAG_REGISTER cleared) instead of challenging it against the directory.
    ["disable-register", "true"],
    ["accept-blind-reg", "false"],
    ["accept-blind-auth", "false"],
    ["manage-presence", "false"],
    ...media(),
    ["local-network-acl", "lan"],
    ...advertised(o.publicIp),
  ];
}

type Element = ReturnType<typeof create>;

function settings(profile: Element, params: Params) {
  const s = profile.ele("settings");
  for (const [name, value] of params) s.ele("param", { name, value });
}

function renderExternal(profile: Element, gateways: readonly SofiaGateway[], o: SofiaOptions, listen: Params, problems: string[]) {
  const list = profile.ele("gateways");
  for (const g of gateways) {
    if (o.gateway && g.name !== o.gateway) continue;
    const bad = gatewayProblem(g);
    if (bad) {
      problems.push(`gateway ${GATEWAY_NAME.test(g.name) ? g.name : "(unsafe name)"} left out: unsafe ${bad}`);
      continue;
    }
    const gw = list.ele("gateway", { name: g.name });
    for (const [name, value] of gatewayParams(g)) gw.ele("param", { name, value });
  }
  settings(profile, externalSettings(o, listen));
}

/**
 * sofia.conf: `internal` for phones (5060 by default), `external` for
 * providers (5080) with the gateways. Honours the `profile=`/`gateway=`
 * narrowing FreeSWITCH sends on profile start, rescan and startgw. A gateway
 * with an unsafe value is left out and reported, and so is a profile whose
 * domain or bind address fails its re-check.
 */
export function renderSofia(gateways: readonly SofiaGateway[], o: SofiaOptions): Rendered {
  const problems: string[] = [];
  const configuration = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "configuration" })
    .ele("configuration", { name: "sofia.conf", description: "callboard" });
  configuration.ele("global_settings").ele("param", { name: "log-level", value: "0" });
  const profiles = configuration.ele("profiles");
  const wanted = (name: string) => !o.profile || o.profile === name;

  const internalListen = listening(o.sip.internal);
  const externalListen = listening(o.sip.external);
  const unbindable = (name: string) => `profile ${name} left out: its sip-ip, rtp-ip or sip-port is not valid`;

  if (wanted("internal")) {
    if (!HOST_NAME.test(o.domain)) problems.push("domain is not a host name: profile internal left out");
    else if (!internalListen) problems.push(unbindable("internal"));
    else {
      if (!tlsParams(o.sip.tls)) problems.push("TLS left out of profile internal: its tls-sip-port or tls-cert-dir is not valid");
      settings(profiles.ele("profile", { name: "internal" }), internalSettings(o, internalListen));
    }
  }

  if (wanted("external")) {
    if (externalListen) renderExternal(profiles.ele("profile", { name: "external" }), gateways, o, externalListen, problems);
    else problems.push(unbindable("external"));
  }
  return { xml: configuration.doc().end({ headless: true }), problems };
}
