import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { SecretBox } from "../../db/secret-box.ts";
import { dids, type Gateway, gateways, outboundRoutes } from "../../db/schema.ts";
import { isoTime, type Tx } from "../crud-support.ts";
import { conflict, notFound } from "../errors.ts";
import type { Page, PageQuery } from "../pagination.ts";
import type { GatewayCreate, GatewayPatch, GatewayView } from "./schemas.ts";

export function toGatewayView(row: Gateway): GatewayView {
  return {
    name: row.name,
    host: row.host,
    port: row.port,
    transport: row.transport,
    username: row.username,
    hasPassword: true,
    register: row.register,
    expireSeconds: row.expireSeconds,
    retrySeconds: row.retrySeconds,
    fromDomain: row.fromDomain,
    callerIdInFrom: row.callerIdInFrom,
    enabled: row.enabled,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

export function listGateways(db: Db, { limit, offset }: PageQuery): Page<GatewayView> {
  const rows = db.select().from(gateways).orderBy(asc(gateways.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(gateways).get()?.n ?? 0;
  return { items: rows.map(toGatewayView), total, limit, offset };
}

export function getGateway(db: Db | Tx, name: string): Gateway {
  const row = db.select().from(gateways).where(eq(gateways.name, name)).get();
  if (!row) throw notFound("gateway", name);
  return row;
}

export function insertGateway(tx: Tx, input: GatewayCreate, secrets: SecretBox): Gateway {
  if (tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, input.name)).get()) {
    throw conflict(`gateway ${input.name} already exists`, "name");
  }
  const { password, ...fields } = input;
  return tx
    .insert(gateways)
    .values({ ...fields, passwordEnc: secrets.seal(password) })
    .returning()
    .get();
}

export function updateGateway(tx: Tx, name: string, patch: GatewayPatch, secrets: SecretBox, now: Date): Gateway {
  getGateway(tx, name);
  const { password, ...fields } = patch;
  const sealed = password === undefined ? {} : { passwordEnc: secrets.seal(password) };
  return tx
    .update(gateways)
    .set({ ...fields, ...sealed, updatedAt: now })
    .where(eq(gateways.name, name))
    .returning()
    .get()!;
}

/** Refuses while routes or DIDs use the gateway: they would silently stop working. */
export function deleteGateway(tx: Tx, name: string) {
  const gateway = getGateway(tx, name);
  const routes = tx.select({ name: outboundRoutes.name }).from(outboundRoutes).where(eq(outboundRoutes.gatewayId, gateway.id)).all();
  const numbers = tx.select({ number: dids.number }).from(dids).where(eq(dids.gatewayId, gateway.id)).all();
  const users = [
    ...(routes.length ? [`outbound route ${routes.map((r) => r.name).join(", ")}`] : []),
    ...(numbers.length ? [`DID ${numbers.map((d) => d.number).join(", ")}`] : []),
  ];
  if (users.length) throw conflict(`gateway ${name} is used by ${users.join(" and ")}; change those first`);
  tx.delete(gateways).where(eq(gateways.id, gateway.id)).run();
}
