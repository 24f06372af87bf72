/**
 * The simulator's stand-in for callboard's dialplan: where a number dialled
 * in a context goes. It only needs to be believable; callboard's real
 * routing is tested against the real rules, not this.
 */

export type SimDialplan = {
  domain: string;
  extensions: ReadonlySet<string>;
  ringGroups: ReadonlyMap<string, readonly string[]>;
  /** DID (normalized, 998…) → an extension or ring group number. */
  dids: ReadonlyMap<string, string>;
  outboundPattern: RegExp;
  defaultGateway: string;
};

export type RouteDecision =
  | { kind: "extension"; extension: string }
  | { kind: "ring-group"; number: string; members: readonly string[] }
  | { kind: "gateway"; gateway: string; number: string }
  | { kind: "reject"; cause: string };

export function defaultDialplan(): SimDialplan {
  const extensions = new Set(Array.from({ length: 10 }, (_, i) => String(1001 + i)));
  return {
    domain: "127.0.0.1",
    extensions,
    ringGroups: new Map([["2000", ["1001", "1002", "1003", "1004", "1005"]], ["2001", ["1006", "1007", "1008"]]]),
    dids: new Map([["998785553322", "2000"], ["998785553323", "1009"], ["998712001100", "2001"]]),
    outboundPattern: /^\+?(998\d{9})$/,
    defaultGateway: "belluz",
  };
}

export function routeNumber(plan: SimDialplan, context: string, number: string): RouteDecision {
  const digits = number.replace(/^\+/, "");
  if (context === "public") {
    const target = plan.dids.get(digits) ?? plan.dids.get(`998${digits}`);
    return target === undefined ? { kind: "reject", cause: "UNALLOCATED_NUMBER" } : routeNumber(plan, "default", target);
  }
  if (plan.extensions.has(digits)) return { kind: "extension", extension: digits };
  const members = plan.ringGroups.get(digits);
  if (members) return { kind: "ring-group", number: digits, members };
  const outbound = plan.outboundPattern.exec(number);
  if (outbound) return { kind: "gateway", gateway: plan.defaultGateway, number: outbound[1] ?? digits };
  return { kind: "reject", cause: "NO_ROUTE_DESTINATION" };
}
