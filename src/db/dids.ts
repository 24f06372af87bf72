/** DIDs: the company's numbers, stored normalized (digits, country code, no +), and where they ring. */
import { asc, count, eq } from "drizzle-orm";
import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import type { Db } from "./client.ts";
import { type Did, dids, extensions, gateways } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { ivrMenuExists } from "./ivr-menus.ts";
import { ringGroupExists } from "./ring-groups.ts";
import { queueExists } from "./queues.ts";
import { timeConditionExists } from "./time-conditions.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type DidDestination = { type: Did["destinationType"]; target: string };
export type DidFields = {
  number: string;
  description?: string | null;
  /** The provider the number arrives from, by gateway name. */
  gateway?: string | null;
  destination: DidDestination;
  record?: boolean;
  enabled?: boolean;
};
export type DidChange = Partial<Omit<DidFields, "number">>;
/** A DID with its gateway's name. */
export type DidRow = { did: Did; gateway: string | null };

const selectDids = (db: DbOrTx) => db.select({ did: dids, gateway: gateways.name }).from(dids).leftJoin(gateways, eq(dids.gatewayId, gateways.id));

export function listDids(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const rows = selectDids(db).orderBy(asc(dids.number)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(dids).get()?.n ?? 0;
  return { rows, total };
}

/** Every DID, or the one with `number`. */
export const readDids = (db: DbOrTx, number?: string): DidRow[] =>
  selectDids(db)
    .where(number === undefined ? undefined : eq(dids.number, number))
    .all();

export function getDid(db: DbOrTx, number: string): DidRow {
  const row = selectDids(db).where(eq(dids.number, number)).get();
  if (!row) throw missing("DID", number);
  return row;
}

/** Extensions, ring groups, queues, time conditions and IVR menus take calls. */
function checkDestination(tx: Tx, destination: DidDestination) {
  if (destination.type === "ivr") {
    if (!ivrMenuExists(tx, destination.target)) {
      throw invalidReference("destination.target", `destination.target: IVR menu ${destination.target} does not exist`);
    }
    return;
  }
  if (destination.type === "time_condition") {
    if (!timeConditionExists(tx, destination.target)) {
      throw invalidReference("destination.target", `destination.target: time condition ${destination.target} does not exist`);
    }
    return;
  }
  if (destination.type === "queue") {
    if (!queueExists(tx, destination.target)) throw invalidReference("destination.target", `destination.target: queue ${destination.target} does not exist`);
    return;
  }
  if (destination.type === "ring_group") {
    if (!ringGroupExists(tx, destination.target)) {
      throw invalidReference("destination.target", `destination.target: ring group ${destination.target} does not exist`);
    }
    return;
  }
  if (destination.type !== "extension") {
    throw invalidReference("destination.type", `destination.type: ${destination.type} is not supported yet; use extension, ring_group, queue, time_condition or ivr`);
  }
  if (!EXTENSION_NUMBER.test(destination.target)) {
    throw invalidReference("destination.target", "destination.target: must be an extension number (2 to 6 digits)");
  }
  if (!tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, destination.target)).get()) {
    throw invalidReference("destination.target", `destination.target: extension ${destination.target} does not exist`);
  }
}

function gatewayId(tx: Tx, name: string | null | undefined): number | null | undefined {
  if (name === undefined || name === null) return name;
  const row = tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.name, name)).get();
  if (!row) throw invalidReference("gateway", `gateway: ${name} does not exist`);
  return row.id;
}

export function insertDid(tx: Tx, input: DidFields): DidRow {
  if (tx.select({ id: dids.id }).from(dids).where(eq(dids.number, input.number)).get()) {
    throw conflicting(`DID ${input.number} already exists`, "number");
  }
  checkDestination(tx, input.destination);
  const { destination, gateway, ...fields } = input;
  tx.insert(dids)
    .values({ ...fields, gatewayId: gatewayId(tx, gateway), destinationType: destination.type, destinationTarget: destination.target })
    .run();
  return getDid(tx, input.number);
}

export function updateDid(tx: Tx, number: string, patch: DidChange, now: Date): DidRow {
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
