/**
 * `originate <call url> <exten>|&<app>(<args>) [<dialplan>] [<context>] [<cid name>] [<cid num>] [<timeout>]`
 * as mod_commands runs it: the replies are `+OK <uuid>` once the leg
 * answers, or `-ERR <CAUSE>`.
 */
import type { Channel, LegSpec } from "./channel.ts";
import { parseEndpoint, splitVariables } from "./dial-string.ts";
import { ringTargets } from "./ring-targets.ts";
import type { CallFlows } from "./scenarios.ts";
import type { SwitchCore } from "./switch-core.ts";

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
  const [, , , context, callerName, callerNumber, timeout] = parts;
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

export type OriginateDeps = { flows: CallFlows };

type LegBase = Omit<LegSpec, "kind" | "destination" | "remote" | "userAgent">;
type Made = { leg: Channel; answerAfter: number } | string;

/**
 * The leg for `user/…` or `sofia/gateway/…`, found as a bridge finds it (a
 * user's first registered phone only); a string is the -ERR cause.
 */
async function originatedLeg(core: SwitchCore, req: OriginateRequest, base: LegBase): Promise<Made> {
  const dial = { variables: req.variables, endpoints: [{ variables: new Map<string, string>(), endpoint: parseEndpoint(req.endpoint) }] };
  const { targets, cause } = await ringTargets(core, dial);
  const target = targets[0];
  if (!target) return cause ?? "CHAN_NOT_IMPLEMENTED";
  if (target.kind === "phone") {
    const { reg } = target;
    const leg = core.model.createLeg({ ...base, kind: "phone-out", destination: reg.user, remote: { ip: reg.networkIp, port: reg.networkPort }, userAgent: reg.userAgent });
    return { leg, answerAfter: core.answerDelay(reg.user) ?? core.timing.answerMs };
  }
  const gw = target.gateway;
  gw.callsOut++;
  const [ip = "127.0.0.1", port = "5090"] = gw.proxy.split(":");
  const leg = core.model.createLeg({ ...base, kind: "gateway-out", destination: target.number, remote: { ip, port: Number(port) }, userAgent: "belluz-sbc", gateway: gw.name });
  return { leg, answerAfter: core.timing.answerMs };
}

/**
 * `loopback/<exten>/<context>`: its far side hunts the dialplan at once. No
 * route, or an answer that hangs up first, fails the originate with that cause.
 */
async function loopbackLeg(core: SwitchCore, exten: string, context: string, base: LegBase): Promise<Made> {
  const leg = core.model.createLeg({ ...base, context, kind: "phone-out", destination: exten, remote: { ip: "127.0.0.1", port: 0 }, userAgent: "loopback" });
  const actions = await core.lookups.dialplan(leg);
  const refusal = !actions ? "NO_ROUTE_DESTINATION" : actions[0]?.application === "hangup" ? actions[0].data || "NORMAL_CLEARING" : undefined;
  if (!refusal) return { leg, answerAfter: 0 };
  core.model.hangup(leg.uuid, refusal);
  return refusal;
}

/** Creates the leg, waits for it to answer, then runs `&app()` or sends it to `<exten>` through the dialplan. */
export async function originate({ flows }: OriginateDeps, req: OriginateRequest): Promise<string> {
  const core = flows.core;
  const { model } = core;
  const uuid = req.variables.get("origination_uuid") ?? core.newUuid();
  if (model.channel(uuid)) return "-ERR DESTINATION_OUT_OF_ORDER\n";
  const callerName = req.variables.get("origination_caller_id_name") ?? req.callerName ?? "FreeSWITCH";
  const callerNumber = req.variables.get("origination_caller_id_number") ?? req.callerNumber ?? "0000000000";
  const timeoutMs = 1000 * (Number(req.variables.get("originate_timeout")) || req.timeoutSeconds || 60);
  const base = { uuid, callUuid: uuid, nowMicros: model.nowMicros(), callerName, callerNumber, context: req.context, domain: core.domain, sessionId: core.nextSessionId() };

  const loopback = /^loopback\/([^/]+)(?:\/([^/]+))?$/.exec(req.endpoint);
  const made = loopback ? await loopbackLeg(core, loopback[1]!, loopback[2] ?? "default", base) : await originatedLeg(core, req, base);
  if (typeof made === "string") return `-ERR ${made}\n`;
  const { leg, answerAfter } = made;
  for (const [name, value] of req.variables) leg.variablesMap.set(name, value);

  const reply = await flows.answerOriginated(leg, timeoutMs, answerAfter);
  if (!reply.startsWith("+OK")) return reply;
  const app = /^&([a-z_]+)\((.*)\)$/.exec(req.target);
  const answered = model.channel(uuid);
  if (!answered) return reply;
  if (!app) {
    flows.routeOriginated(answered, req.target, req.context);
    return reply;
  }
  model.execute(uuid, app[1]!, app[2]!);
  if (app[1] === "eavesdrop") {
    if (model.channel(app[2]!)) flows.eavesdrop(uuid, app[2]!);
    else model.hangup(uuid, "NORMAL_CLEARING");
  }
  return reply;
}
