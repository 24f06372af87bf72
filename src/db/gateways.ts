/** Gateways: provider trunks. The password is sealed here and opened only for sofia.conf. */
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { SecretBox } from "./secret-box.ts";
import { dids, type Gateway, gateways, outboundRoutes } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, missing } from "./write-refused.ts";

export type GatewayFields = Omit<typeof gateways.$inferInsert, "id" | "passwordEnc" | "createdAt" | "updatedAt">;
export type GatewayChange = Partial<Omit<GatewayFields, "name">> & { password?: string };

export function listGateways(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = db.select().from(gateways).orderBy(asc(gateways.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(gateways).get()?.n ?? 0;
  return { rows, total };
}

/** Every gateway, or the one named `name`. */
export const readGateways = (db: DbOrTx, name?: string): Gateway[] =>
  db
    .select()
    .from(gateways)
    .where(name === undefined ? undefined : eq(gateways.name, name))
    .all();

export const findGateway = (db: DbOrTx, name: string): Gateway | undefined => db.select().from(gateways).where(eq(gateways.name, name)).get();

export function getGateway(db: DbOrTx, name: string): Gateway {
  const row = findGateway(db, name);
  if (!row) throw missing("gateway", name);
  return row;
}

export function insertGateway(tx: Tx, input: GatewayFields & { password: string }, secrets: SecretBox): Gateway {
  if (tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, input.name)).get()) {
    throw conflicting(`gateway ${input.name} already exists`, "name");
  }
  const { password, ...fields } = input;
  return tx
    .insert(gateways)
    .values({ ...fields, passwordEnc: secrets.seal(password) })
    .returning()
    .get();
}

export function updateGateway(tx: Tx, name: string, patch: GatewayChange, secrets: SecretBox, now: Date): Gateway {
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
  if (users.length) throw conflicting(`gateway ${name} is used by ${users.join(" and ")}; change those first`);
  tx.delete(gateways).where(eq(gateways.id, gateway.id)).run();
}
