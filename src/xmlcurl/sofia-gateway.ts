import type { Gateway } from "../db/schema.ts";
import { gatewayPasswordProblem } from "../pbx/passwords.ts";
import { GATEWAY_NAME, HOST_NAME, SIP_USERNAME } from "../pbx/safe-values.ts";
import type { Params } from "./render-sofia.ts";

/** A gateway row as sofia.conf needs it: the password already decrypted. */
export type SofiaGateway = Pick<
  Gateway,
  "name" | "host" | "port" | "transport" | "username" | "register" | "expireSeconds" | "retrySeconds" | "fromDomain" | "callerIdInFrom"
> & { password: string };

const TRANSPORTS = new Set(["udp", "tcp", "tls"]);

/** Which value of a row (written by the API or forced into SQLite) is unsafe to hand FreeSWITCH, if any. */
export function gatewayProblem(g: SofiaGateway): string | undefined {
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

export function gatewayParams(g: SofiaGateway): Params {
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
