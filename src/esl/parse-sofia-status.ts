import { GATEWAY_NAME } from "../pbx/safe-values.ts";

export type SofiaStatusGateway = { name: string; profile: string; state: string };

/**
 * The gateways in `sofia status`: tab-separated rows `Name Type Data State`,
 * gateways named `<profile>::<gateway>`. Only names that are safe to put
 * back into a `sofia xmlstatus gateway <name>` command are returned.
 * Undefined when the reply is not that table.
 */
export function parseSofiaStatusGateways(reply: string): SofiaStatusGateway[] | undefined {
  if (!/^\s*Name\t\s*Type\t/m.test(reply)) return undefined;
  const out: SofiaStatusGateway[] = [];
  for (const line of reply.split("\n")) {
    const [rawName, type, , state] = line.split("\t").map((c) => c.trim());
    if (type !== "gateway" || !rawName || !state) continue;
    const [profile, name] = rawName.includes("::") ? rawName.split("::", 2) : ["", rawName];
    if (name && GATEWAY_NAME.test(name)) out.push({ name, profile: profile ?? "", state });
  }
  return out;
}
