/**
 * `originate <call url> <exten>|&<app>(<args>) [<dialplan>] [<context>] [<cid name>] [<cid num>] [<timeout>]`
 * as mod_commands runs it: the replies are `+OK <uuid>` once the leg
 * answers, or `-ERR <CAUSE>`.
 */
import type { Channel } from "./channel.ts";
import type { PbxModel } from "./pbx-model.ts";
import type { CallFlows } from "./scenarios.ts";
import { routeNumber } from "./sim-dialplan.ts";

export const ORIGINATE_USAGE =
  "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n";

export type OriginateRequest = {
  variables: Map<string, string>;
  endpoint: string;
  target: string;
  context: string;
  callerName?: string;
  callerNumber?: string;
  timeoutSeconds?: number;
};

function splitVariables(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let current = "";
  let quoted = false;
  const flush = () => {
    const eq = current.indexOf("=");
    if (eq > 0) vars.set(current.slice(0, eq).trim(), current.slice(eq + 1).replace(/^'(.*)'$/, "$1"));
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\" && text[i + 1] === ",") {
      current += ",";
      i++;
    } else if (ch === "'") {
      quoted = !quoted;
      current += ch;
    } else if (ch === "," && !quoted) {
      flush();
    } else {
      current += ch;
    }
  }
  flush();
  return vars;
}

export function parseOriginate(args: string | undefined): OriginateRequest | undefined {
  const parts = (args ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return undefined;
  let url = parts[0]!;
  let variables = new Map<string, string>();
  if (url.startsWith("{")) {
    const close = url.indexOf("}");
    if (close < 0) return undefined;
    variables = splitVariables(url.slice(1, close));
    url = url.slice(close + 1);
  }
  const [, , context, callerName, callerNumber, timeout] = parts;
  return {
    variables,
    endpoint: url,
    target: parts[1]!,
    context: context ?? "default",
    ...(callerName ? { callerName } : {}),
    ...(callerNumber ? { callerNumber } : {}),
    ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
  };
}

export type OriginateDeps = { model: PbxModel; flows: CallFlows; newUuid: () => string; answerAfterMs: (user: string) => number };

/** Creates the leg, waits for it to answer, then runs `&app()` or routes `<exten>`. */
export async function originate(deps: OriginateDeps, req: OriginateRequest): Promise<string> {
  const { model, flows } = deps;
  const plan = flows.plan;
  const uuid = req.variables.get("origination_uuid") ?? deps.newUuid();
  if (model.channel(uuid)) return "-ERR DESTINATION_OUT_OF_ORDER\n";
  const callerName = req.variables.get("origination_caller_id_name") ?? req.callerName ?? "FreeSWITCH";
  const callerNumber = req.variables.get("origination_caller_id_number") ?? req.callerNumber ?? "0000000000";
  const timeoutMs = 1000 * (Number(req.variables.get("originate_timeout")) || req.timeoutSeconds || 60);
  const base = { uuid, callUuid: uuid, nowMicros: model.nowMicros(), callerName, callerNumber, context: req.context, domain: plan.domain, sessionId: flows.nextSessionId() };

  let leg: Channel;
  let answerAfter = flows.timing.answerMs;
  const user = /^user\/([^@/]+)(?:@.*)?$/.exec(req.endpoint);
  const gateway = /^sofia\/gateway\/([^/]+)\/(\+?\d+)$/.exec(req.endpoint);
  const loopback = /^loopback\/([^/]+)(?:\/([^/]+))?$/.exec(req.endpoint);
  if (user) {
    const ext = user[1]!;
    if (!plan.extensions.has(ext)) return "-ERR SUBSCRIBER_ABSENT\n";
    const reg = model.registrations.get(ext);
    if (!reg) return "-ERR USER_NOT_REGISTERED\n";
    leg = model.createLeg({ ...base, kind: "phone-out", destination: ext, remote: { ip: reg.networkIp, port: reg.networkPort }, userAgent: reg.userAgent });
    answerAfter = deps.answerAfterMs(ext);
  } else if (gateway) {
    const gw = model.gateways.get(gateway[1]!);
    if (!gw) return "-ERR INVALID_GATEWAY\n";
    if (gw.status === "DOWN") return "-ERR GATEWAY_DOWN\n";
    gw.callsOut++;
    const [ip = "127.0.0.1", port = "5090"] = gw.proxy.split(":");
    leg = model.createLeg({ ...base, kind: "gateway-out", destination: gateway[2]!, remote: { ip, port: Number(port) }, userAgent: "belluz-sbc", gateway: gw.name });
  } else if (loopback) {
    if (routeNumber(plan, loopback[2] ?? "default", loopback[1]!).kind === "reject") return "-ERR NO_ROUTE_DESTINATION\n";
    leg = model.createLeg({ ...base, kind: "phone-out", destination: loopback[1]!, remote: { ip: "127.0.0.1", port: 0 }, userAgent: "loopback" });
    answerAfter = 0;
  } else {
    return "-ERR CHAN_NOT_IMPLEMENTED\n";
  }
  for (const [name, value] of req.variables) leg.variablesMap.set(name, value);

  const reply = await flows.answerOriginated(leg, timeoutMs, answerAfter);
  if (!reply.startsWith("+OK")) return reply;
  const app = /^&([a-z_]+)\((.*)\)$/.exec(req.target);
  if (app) {
    model.route(uuid, app[1]!, app[2]!);
    if (app[1] === "eavesdrop") {
      if (model.channel(app[2]!)) flows.eavesdrop(uuid, app[2]!);
      else model.hangup(uuid, "NORMAL_CLEARING");
    }
  } else {
    const answered = model.channel(uuid);
    if (answered) flows.connect(answered, routeNumber(plan, req.context, req.target), {});
  }
  return reply;
}
