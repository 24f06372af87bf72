/**
 * What a dial string rings, found the way FreeSWITCH finds it: `user/N`
 * asks the directory (action=user_call) for N's dial string and rings what
 * that names; a sofia contact rings the phone registered there; a gateway
 * leg goes to the provider if the gateway is up.
 */
import type { DialString, Endpoint } from "./dial-string.ts";
import { parseDialString } from "./dial-string.ts";
import type { PbxModel } from "./pbx-model.ts";
import type { Gateway, Registration } from "./sofia-model.ts";
import type { SwitchLookups } from "./switch-lookups.ts";

export type RingTarget =
  | { kind: "phone"; reg: Registration; variables: Map<string, string> }
  | { kind: "gateway"; gateway: Gateway; number: string; variables: Map<string, string> };

/** The legs to ring and, when some endpoint could not be rung, FreeSWITCH's cause for the first such. */
export type Resolved = { targets: RingTarget[]; cause?: string };

type Deps = { model: PbxModel; lookups: SwitchLookups; domain: string };

const merged = (...maps: Map<string, string>[]) => new Map(maps.flatMap((m) => [...m]));

function direct(model: PbxModel, endpoint: Endpoint, variables: Map<string, string>): RingTarget | string {
  switch (endpoint.kind) {
    case "registered": {
      const reg = model.registrations.get(endpoint.user);
      return reg ? { kind: "phone", reg, variables } : "USER_NOT_REGISTERED";
    }
    case "contact": {
      const reg = model.registrations.get(endpoint.user);
      const there = reg && reg.networkIp === endpoint.host && (endpoint.port === undefined || reg.networkPort === endpoint.port);
      return there ? { kind: "phone", reg, variables } : "USER_NOT_REGISTERED";
    }
    case "gateway": {
      const gateway = model.gateways.get(endpoint.gateway);
      if (!gateway) return "INVALID_GATEWAY";
      if (gateway.status === "DOWN") {
        gateway.failedCallsOut++;
        return "GATEWAY_DOWN";
      }
      return { kind: "gateway", gateway, number: endpoint.number, variables };
    }
    case "error":
      return endpoint.cause;
    default:
      return "CHAN_NOT_IMPLEMENTED";
  }
}

/** mod_dptools' user endpoint: the directory's dial-string for N, with the caller's variables passed along. */
async function userTargets(deps: Deps, user: string, domain: string, variables: Map<string, string>): Promise<Resolved> {
  const found = await deps.lookups.userCall(user, domain, [...variables]);
  if (!found) return { targets: [], cause: "SUBSCRIBER_ABSENT" };
  const dialString = found.params.get("dial-string");
  if (!dialString) return { targets: [], cause: "DESTINATION_OUT_OF_ORDER" };
  const inner = parseDialString(dialString);
  const nested = inner.endpoints.map(({ variables: own, endpoint }) =>
    endpoint.kind === "user" ? "CHAN_NOT_IMPLEMENTED" : direct(deps.model, endpoint, merged(variables, inner.variables, own)),
  );
  return collect(nested);
}

function collect(results: (RingTarget | string)[]): Resolved {
  const targets = results.filter((r): r is RingTarget => typeof r !== "string");
  const cause = results.find((r): r is string => typeof r === "string");
  return cause === undefined ? { targets } : { targets, cause };
}

export async function ringTargets(deps: Deps, dial: DialString): Promise<Resolved> {
  const all: (RingTarget | string)[] = [];
  for (const { variables: own, endpoint } of dial.endpoints) {
    const variables = merged(dial.variables, own);
    if (endpoint.kind !== "user") {
      all.push(direct(deps.model, endpoint, variables));
      continue;
    }
    const found = await userTargets(deps, endpoint.user, endpoint.domain ?? deps.domain, variables);
    all.push(...found.targets, ...(found.cause ? [found.cause] : []));
  }
  return collect(all);
}
