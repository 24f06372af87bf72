import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { gateways, type OutboundRoute, outboundRoutes } from "../../db/schema.ts";
import { isoTime, type Tx } from "../crud-support.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Page, PageQuery } from "../pagination.ts";
import type { RouteCreate, RoutePatch, RouteView } from "./schemas.ts";

type RouteRow = { route: OutboundRoute; gateway: string };

export function toRouteView({ route, gateway }: RouteRow): RouteView {
  return {
    name: route.name,
    pattern: route.pattern,
    gateway,
    strip: route.strip,
    prepend: route.prepend,
    callerIdName: route.callerIdName,
    callerIdNumber: route.callerIdNumber,
    class: route.requiredClass,
    priority: route.priority,
    record: route.record,
    enabled: route.enabled,
    createdAt: isoTime(route.createdAt),
    updatedAt: isoTime(route.updatedAt),
  };
}

const selectRoutes = (db: Db | Tx) =>
  db.select({ route: outboundRoutes, gateway: gateways.name }).from(outboundRoutes).innerJoin(gateways, eq(outboundRoutes.gatewayId, gateways.id));

/** In the order the dialplan tries them: priority, then name. */
export function listRoutes(db: Db, { limit, offset }: PageQuery): Page<RouteView> {
  const rows = selectRoutes(db).orderBy(asc(outboundRoutes.priority), asc(outboundRoutes.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(outboundRoutes).get()?.n ?? 0;
  return { items: rows.map(toRouteView), total, limit, offset };
}

export function getOutboundRoute(db: Db | Tx, name: string): RouteRow {
  const row = selectRoutes(db).where(eq(outboundRoutes.name, name)).get();
  if (!row) throw notFound("outbound route", name);
  return row;
}

function gatewayId(tx: Tx, name: string): number {
  const row = tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, name)).get();
  if (!row) throw invalid("gateway", `gateway: ${name} does not exist`);
  return row.id;
}

export function insertRoute(tx: Tx, input: RouteCreate): RouteRow {
  if (tx.select({ id: outboundRoutes.id }).from(outboundRoutes).where(eq(outboundRoutes.name, input.name)).get()) {
    throw conflict(`outbound route ${input.name} already exists`, "name");
  }
  const { gateway, class: requiredClass, ...fields } = input;
  tx.insert(outboundRoutes)
    .values({ ...fields, requiredClass, gatewayId: gatewayId(tx, gateway) })
    .run();
  return getOutboundRoute(tx, input.name);
}

export function updateRoute(tx: Tx, name: string, patch: RoutePatch, now: Date): RouteRow {
  getOutboundRoute(tx, name);
  const { gateway, class: requiredClass, ...fields } = patch;
  tx.update(outboundRoutes)
    .set({
      ...fields,
      ...(requiredClass === undefined ? {} : { requiredClass }),
      ...(gateway === undefined ? {} : { gatewayId: gatewayId(tx, gateway) }),
      updatedAt: now,
    })
    .where(eq(outboundRoutes.name, name))
    .run();
  return getOutboundRoute(tx, name);
}

export function deleteOutboundRoute(tx: Tx, name: string) {
  getOutboundRoute(tx, name);
  tx.delete(outboundRoutes).where(eq(outboundRoutes.name, name)).run();
}
