import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { dids, extensions, gateways, outboundRoutes, type Extension, type Gateway } from "../db/schema.ts";
import type { DidRow, RouteRow, RoutingLookup } from "../pbx/route-call.ts";

export type XmlCurlQueries = RoutingLookup & {
  /** The full row (with a1_hash) for the directory; enabled or not, the caller decides. */
  extensionRow(number: string): Extension | undefined;
  enabledGateways(): Gateway[];
};

/** Statements prepared once per router: every xml_curl request is one or two indexed lookups. */
export function createXmlCurlQueries(db: Db): XmlCurlQueries {
  const extensionByNumber = db
    .select()
    .from(extensions)
    .where(eq(extensions.number, sql.placeholder("number")))
    .prepare();
  const didByNumber = db
    .select({
      number: dids.number,
      destinationType: dids.destinationType,
      destinationTarget: dids.destinationTarget,
      record: dids.record,
      enabled: dids.enabled,
    })
    .from(dids)
    .where(eq(dids.number, sql.placeholder("number")))
    .prepare();
  const routes = db
    .select({
      name: outboundRoutes.name,
      pattern: outboundRoutes.pattern,
      strip: outboundRoutes.strip,
      prepend: outboundRoutes.prepend,
      callerIdName: outboundRoutes.callerIdName,
      callerIdNumber: outboundRoutes.callerIdNumber,
      requiredClass: outboundRoutes.requiredClass,
      priority: outboundRoutes.priority,
      record: outboundRoutes.record,
      enabled: outboundRoutes.enabled,
      gatewayName: gateways.name,
      gatewayEnabled: gateways.enabled,
      gatewayUsername: gateways.username,
    })
    .from(outboundRoutes)
    .innerJoin(gateways, eq(outboundRoutes.gatewayId, gateways.id))
    .where(eq(outboundRoutes.enabled, true))
    // The order GET /api/v1/outbound-routes lists them in: what an admin sees is what runs.
    .orderBy(asc(outboundRoutes.priority), asc(outboundRoutes.name))
    .prepare();
  const liveGateways = db.select().from(gateways).where(eq(gateways.enabled, true)).orderBy(asc(gateways.name)).prepare();

  return {
    extensionRow: (number) => extensionByNumber.get({ number }),
    extension: (number) => extensionByNumber.get({ number }),
    did: (number): DidRow | undefined => didByNumber.get({ number }),
    outboundRoutes: (): RouteRow[] => routes.all(),
    enabledGateways: () => liveGateways.all(),
  };
}
