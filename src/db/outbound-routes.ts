/** Outbound routes: which dialled numbers leave through which gateway, and who may dial them. */
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { gateways, type OutboundRoute, outboundRoutes } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type RouteFields = Omit<typeof outboundRoutes.$inferInsert, "id" | "gatewayId" | "requiredClass" | "createdAt" | "updatedAt"> & {
  /** By name. */
  gateway: string;
  /** The least outbound class an extension needs to dial this route. */
  class?: OutboundRoute["requiredClass"];
};
export type RouteChange = Partial<Omit<RouteFields, "name">>;
/** A route with its gateway's name. */
export type RouteRow = { route: OutboundRoute; gateway: string };

const selectRoutes = (db: DbOrTx) =>
  db.select({ route: outboundRoutes, gateway: gateways.name }).from(outboundRoutes).innerJoin(gateways, eq(outboundRoutes.gatewayId, gateways.id));

/** In the order the dialplan tries them: priority, then name. */
export function listRoutes(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = selectRoutes(db).orderBy(asc(outboundRoutes.priority), asc(outboundRoutes.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(outboundRoutes).get()?.n ?? 0;
  return { rows, total };
}

/** Every route, or the one named `name`. */
export const readRoutes = (db: DbOrTx, name?: string): RouteRow[] =>
  selectRoutes(db)
    .where(name === undefined ? undefined : eq(outboundRoutes.name, name))
    .all();

export function getOutboundRoute(db: DbOrTx, name: string): RouteRow {
  const row = selectRoutes(db).where(eq(outboundRoutes.name, name)).get();
  if (!row) throw missing("outbound route", name);
  return row;
}

function gatewayId(tx: Tx, name: string): number {
  const row = tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, name)).get();
  if (!row) throw invalidReference("gateway", `gateway: ${name} does not exist`);
  return row.id;
}

export function insertRoute(tx: Tx, input: RouteFields): RouteRow {
  if (tx.select({ id: outboundRoutes.id }).from(outboundRoutes).where(eq(outboundRoutes.name, input.name)).get()) {
    throw conflicting(`outbound route ${input.name} already exists`, "name");
  }
  const { gateway, class: requiredClass, ...fields } = input;
  tx.insert(outboundRoutes)
    .values({ ...fields, requiredClass, gatewayId: gatewayId(tx, gateway) })
    .run();
  return getOutboundRoute(tx, input.name);
}

export function updateRoute(tx: Tx, name: string, patch: RouteChange, now: Date): RouteRow {
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
