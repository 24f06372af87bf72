import { create } from "xmlbuilder2";
import type { Gateway } from "../db/schema.ts";
import { gatewayPasswordProblem } from "../pbx/passwords.ts";
import { GATEWAY_NAME, HOST_NAME, SIP_USERNAME } from "../pbx/safe-values.ts";
import type { Rendered } from "./render-directory.ts";

export type SofiaGateway = Pick<
  Gateway,
  "name" | "host" | "port" | "transport" | "username" | "register" | "expireSeconds" | "retrySeconds" | "fromDomain" | "callerIdInFrom"
> & { password: string };

export type SofiaOptions = {
  /** The SIP domain: challenge realm and registration domain of `internal`. */
  domain: string;
  /** The PBX's public address when it sits behind 1:1 NAT; undefined when its own address is public. */
  publicIp?: string;
  /** `profile=` FreeSWITCH sends when it (re)starts one profile. */
  profile?: string;
  /** `gateway=` FreeSWITCH sends for `startgw`. */
  gateway?: string;
};

type Params = [name: string, value: string][];

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const TRANSPORTS = new Set(["udp", "tcp", "tls"]);
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

function internalSettings(o: SofiaOptions): Params {
  return [
    ["user-agent-string", "callboard"],
    ["debug", "0"],
    ["sip-trace", "no"],
    ["context", "default"],
    ["dialplan", "XML"],
    ["sip-port", "5060"],
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

function externalSettings(o: SofiaOptions): Params {
  return [
    ["user-agent-string", "callboard"],
    ["debug", "0"],
    ["sip-trace", "no"],
    ["context", "public"],
    ["dialplan", "XML"],
    ["sip-port", "5080"],
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

function gatewayProblem(g: SofiaGateway): string | undefined {
  if (!GATEWAY_NAME.test(g.name)) return "name";
  if (!HOST_NAME.test(g.host)) return "host";
  if (!Number.isInteger(g.port) || g.port < 1 || g.port > 65535) return "port";
  if (!TRANSPORTS.has(g.transport)) return "transport";
  if (!SIP_USERNAME.test(g.username)) return "username";
  // The API's own rule, so a row forced into the database gets no laxer treatment than a POST.
  const password = gatewayPasswordProblem(g.password);
  if (password) return `password (${password})`;
  if (g.fromDomain && !HOST_NAME.test(g.fromDomain)) return "from domain";
  if (!Number.isInteger(g.expireSeconds) || g.expireSeconds < 30 || g.expireSeconds > 86400) return "expire seconds";
  if (!Number.isInteger(g.retrySeconds) || g.retrySeconds < 5 || g.retrySeconds > 86400) return "retry seconds";
  return undefined;
}

function gatewayParams(g: SofiaGateway): Params {
  const hostPort = `${g.host}:${g.port}`;
  return [
    ["username", g.username],
    ["password", g.password],
    ["realm", g.host],
    ["proxy", hostPort],
    ...(g.register ? ([["register-proxy", hostPort]] as Params) : []),
    ["register", g.register ? "true" : "false"],
    ["register-transport", g.transport],
    ["expire-seconds", String(g.expireSeconds)],
    ["retry-seconds", String(g.retrySeconds)],
    ...(g.fromDomain ? ([["from-domain", g.fromDomain]] as Params) : []),
    ["caller-id-in-from", g.callerIdInFrom ? "true" : "false"],
    // Calls a provider sends through its gateway land where DIDs are routed, never in `default`.
    ["context", "public"],
  ];
}

/**
 * sofia.conf: `internal` for phones on 5060, `external` for providers on 5080
 * with the gateways. Honours the `profile=`/`gateway=` narrowing FreeSWITCH
 * sends on profile start, rescan and startgw. A gateway with an unsafe value is
 * left out and reported.
 */
export function renderSofia(gateways: SofiaGateway[], o: SofiaOptions): Rendered {
  const problems: string[] = [];
  const configuration = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "configuration" })
    .ele("configuration", { name: "sofia.conf", description: "callboard" });
  configuration.ele("global_settings").ele("param", { name: "log-level", value: "0" });
  const profiles = configuration.ele("profiles");
  const wanted = (name: string) => !o.profile || o.profile === name;
  const settings = (profile: ReturnType<typeof create>, params: Params) => {
    const s = profile.ele("settings");
    for (const [name, value] of params) s.ele("param", { name, value });
  };

  if (HOST_NAME.test(o.domain) && wanted("internal")) {
    settings(profiles.ele("profile", { name: "internal" }), internalSettings(o));
  } else if (wanted("internal")) {
    problems.push("domain is not a host name: profile internal left out");
  }

  if (wanted("external")) {
    const external = profiles.ele("profile", { name: "external" });
    const list = external.ele("gateways");
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
    settings(external, externalSettings(o));
  }
  return { xml: configuration.doc().end({ headless: true }), problems };
}
