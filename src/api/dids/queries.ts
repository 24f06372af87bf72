import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type Did, dids, extensions, gateways } from "../../db/schema.ts";
import { EXTENSION_NUMBER } from "../../pbx/safe-values.ts";
import { isoTime, type Tx } from "../crud-support.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Page, PageQuery } from "../pagination.ts";
import type { DidCreate, DidDestination, DidPatch, DidView } from "./schemas.ts";

type DidRow = { did: Did; gateway: string | null };

export function toDidView({ did, gateway }: DidRow): DidView {
  return {
    number: did.number,
    description: did.description,
    gateway,
    destination: { type: did.destinationType, target: did.destinationTarget },
    record: did.record,
    enabled: did.enabled,
    createdAt: isoTime(did.createdAt),
    updatedAt: isoTime(did.updatedAt),
  };
}

const selectDids = (db: Db | Tx) =>
  db.select({ did: dids, gateway: gateways.name }).from(dids).leftJoin(gateways, eq(dids.gatewayId, gateways.id));

export function listDids(db: Db, { limit, offset }: PageQuery): Page<DidView> {
  const rows = selectDids(db).orderBy(asc(dids.number)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(dids).get()?.n ?? 0;
  return { items: rows.map(toDidView), total, limit, offset };
}

export function getDid(db: Db | Tx, number: string): DidRow {
  const row = selectDids(db).where(eq(dids.number, number)).get();
  if (!row) throw notFound("DID", number);
  return row;
}

/** Only extensions can take calls today; the other types are reserved in the schema. */
function checkDestination(tx: Tx, destination: DidDestination) {
  if (destination.type !== "extension") {
    throw invalid("destination.type", `destination.type: ${destination.type} is not supported yet; use extension`);
  }
  if (!EXTENSION_NUMBER.test(destination.target)) {
    throw invalid("destination.target", "destination.target: must be an extension number (2 to 6 digits)");
  }
  if (!tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, destination.target)).get()) {
    throw invalid("destination.target", `destination.target: extension ${destination.target} does not exist`);
  }
}

function gatewayId(tx: Tx, name: string | null | undefined): number | null | undefined {
  if (name === undefined || name === null) return name;
  const row = tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, name)).get();
  if (!row) throw invalid("gateway", `gateway: ${name} does not exist`);
  return row.id;
}

export function insertDid(tx: Tx, input: DidCreate & { number: string }): DidRow {
  if (tx.select({ id: dids.id }).from(dids).where(eq(dids.number, input.number)).get()) {
    throw conflict(`DID ${input.number} already exists`, "number");
  }
  checkDestination(tx, input.destination);
  const { destination, gateway, ...fields } = input;
  tx.insert(dids)
    .values({ ...fields, gatewayId: gatewayId(tx, gateway), destinationType: destination.type, destinationTarget: destination.target })
    .run();
  return getDid(tx, input.number);
}

export function updateDid(tx: Tx, number: string, patch: DidPatch, now: Date): DidRow {
  getDid(tx, number);
  const { destination, gateway, ...fields } = patch;
  if (destination) checkDestination(tx, destination);
  tx.update(dids)
    .set({
      ...fields,
      ...(gateway === undefined ? {} : { gatewayId: gatewayId(tx, gateway) }),
      ...(destination ? { destinationType: destination.type, destinationTarget: destination.target } : {}),
      updatedAt: now,
    })
    .where(eq(dids.number, number))
    .run();
  return getDid(tx, number);
}

export function deleteDid(tx: Tx, number: string) {
  getDid(tx, number);
  tx.delete(dids).where(eq(dids.number, number)).run();
}
