import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "./transaction.ts";
import { dids, gateways, outboundRoutes } from "./schema.ts";

/**
 * What the routing reads of DIDs and outbound routes, in one place: the
 * compiled model (pbx-model-rows.ts) and the live lookup call control uses
 * (routing-lookup.ts) must see the same columns and the same route order.
 */
export const didColumns = {
  number: dids.number,
  destinationType: dids.destinationType,
  destinationTarget: dids.destinationTarget,
  record: dids.record,
  enabled: dids.enabled,
};

export const enabledRoutesQuery = (db: DbOrTx) =>
  db
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
