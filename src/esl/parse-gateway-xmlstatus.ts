import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { opt } from "./live-channel.ts";
import type { GatewayStatus } from "./live-types.ts";

/** What `sofia xmlstatus gateway [name]` tells about each gateway. */
export type GatewayReport = { name: string; profile: string; state: string; pingStatus?: string; uptimeMs?: number };

/**
 * Accepts one `<gateway>` (named form) or `<gateways><gateway>…` (all of
 * them). Undefined when the reply is not XML (e.g. `-ERR` or "Invalid Gateway!").
 */
export function parseGatewayXmlStatus(reply: string): GatewayReport[] | undefined {
  let doc: XMLBuilder;
  try {
    doc = create(reply.trim());
  } catch {
    return undefined;
  }
  const named = (tag: string) => (n: XMLBuilder) => n.node.nodeName === tag;
  return doc.filter(named("gateway"), false, true).flatMap((node) => {
    const field = (tag: string) => node.find(named(tag))?.node.textContent?.trim() || undefined;
    const name = field("name");
    if (!name) return [];
    const usec = Number(field("uptime-usec"));
    return [
      {
        name,
        profile: field("profile") ?? "",
        state: field("state") ?? "UNKNOWN",
        ...opt("pingStatus", field("status")),
        ...opt("uptimeMs", Number.isFinite(usec) && usec > 0 ? Math.floor(usec / 1000) : undefined),
      },
    ];
  });
}

/** A report as live state: `since` from the uptime when registered, else kept or now. */
export function gatewayFromReport(report: GatewayReport, prev: GatewayStatus | undefined, now: number): GatewayStatus {
  const sameState = prev?.state === report.state;
  return {
    name: report.name,
    state: report.state,
    ...opt("pingStatus", report.pingStatus),
    ...opt("lastStatus", sameState ? prev?.lastStatus : undefined),
    since: report.uptimeMs !== undefined ? now - report.uptimeMs : sameState && prev ? prev.since : now,
  };
}
