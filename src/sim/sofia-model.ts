/**
 * Registrations and gateways as mod_sofia keeps them, and the fields of the
 * sofia::register / unregister / expire / gateway_state events (order from
 * the captured frames).
 */
import type { Header } from "./frames.ts";

export type Registration = {
  user: string;
  realm: string;
  callId: string;
  networkIp: string;
  networkPort: number;
  userAgent: string;
  /** Unix seconds, absolute, as `show registrations` reports it. */
  expiresAt: number;
  expiresSeconds: number;
  callerIdName: string;
  /** The user's variables from the directory's answer to the REGISTER: sofia sets them on the phone's calls. */
  directory?: readonly Header[];
};

export type GatewayState = "UNREGED" | "TRYING" | "REGISTER" | "REGED" | "UNREGISTER" | "FAILED" | "FAIL_WAIT" | "EXPIRED" | "NOREG" | "DOWN" | "TIMEOUT";

export type Gateway = {
  name: string;
  profile: string;
  username: string;
  /** host:port of the provider, e.g. 127.0.0.1:5090 */
  proxy: string;
  localContact: string;
  context: string;
  expires: number;
  retrySeconds: number;
  state: GatewayState;
  status: "UP" | "DOWN";
  upSinceMs?: number;
  callsIn: number;
  callsOut: number;
  failedCallsIn: number;
  failedCallsOut: number;
};

export const contactOf = (reg: Registration): string => `"" <sip:${reg.user}@${reg.networkIp}:${reg.networkPort}>`;

function directoryFields(reg: Registration): Header[] {
  return [
    ["sip_number_alias", reg.user],
    ["sip_auth_username", reg.user],
    ["sip_auth_realm", reg.realm],
    ["number_alias", reg.user],
    ["user_name", reg.user],
    ["domain_name", reg.realm],
    ["effective_caller_id_number", reg.user],
    ["effective_caller_id_name", reg.callerIdName],
    ["user_context", "default"],
  ];
}

export function registrationFields(kind: "register" | "unregister" | "expire", reg: Registration): Header[] {
  const contact = contactOf(reg);
  if (kind === "register") {
    return [
      ["profile-name", "internal"], ["from-user", reg.user], ["from-host", reg.realm], ["presence-hosts", "n/a"],
      ["contact", contact], ["call-id", reg.callId], ["rpid", "unknown"], ["status", "Registered(UDP)"],
      ["expires", String(reg.expiresSeconds)], ["to-user", reg.user], ["to-host", reg.realm],
      ["network-ip", reg.networkIp], ["network-port", String(reg.networkPort)], ["username", reg.user],
      ["realm", reg.realm], ["user-agent", reg.userAgent], ...directoryFields(reg),
    ];
  }
  if (kind === "unregister") {
    return [
      ["profile-name", "internal"], ["username", reg.user], ["from-user", reg.user], ["from-host", reg.realm],
      ["contact", contact], ["call-id", reg.callId], ["rpid", "unknown"], ["realm", reg.realm],
      ["network-ip", reg.networkIp], ["network-port", String(reg.networkPort)], ["user-agent", reg.userAgent],
      ["expires", "0"], ...directoryFields(reg),
    ];
  }
  return [
    ["profile-name", "internal"], ["call-id", reg.callId], ["user", reg.user], ["host", reg.realm],
    ["contact", contact], ["expires", String(reg.expiresAt)], ["network-ip", reg.networkIp],
    ["network-port", String(reg.networkPort)], ["user-agent", reg.userAgent],
  ];
}

export function gatewayStateFields(gw: Gateway, failure?: { status: number; phrase: string }): Header[] {
  const [ip = "", port = "0"] = gw.proxy.split(":");
  const fields: Header[] = [
    ["Gateway", gw.name],
    ["State", gw.state],
    ["Ping-Status", gw.status],
    ["Register-Network-IP", ip],
    ["Register-Network-Port", gw.state === "REGED" || gw.state === "TRYING" ? port : "0"],
  ];
  if (failure) fields.push(["Phrase", failure.phrase], ["Status", String(failure.status)]);
  return fields;
}
