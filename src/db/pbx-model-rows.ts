import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { didColumns, enabledRoutesQuery } from "./routing-rows.ts";
import { dids, extensions, gateways } from "./schema.ts";

/** The statements the model is built and patched with, prepared once: only the columns an answer uses. */
export function prepareRows(db: Db) {
  const extensionColumns = {
    number: extensions.number,
    name: extensions.name,
    callerIdName: extensions.callerIdName,
    callerIdNumber: extensions.callerIdNumber,
    a1Hash: extensions.a1Hash,
    realm: extensions.realm,
    outboundClass: extensions.outboundClass,
    record: extensions.record,
    maxRegistrations: extensions.maxRegistrations,
    enabled: extensions.enabled,
    voicemailEnabled: extensions.voicemailEnabled,
    voicemailPinHash: extensions.voicemailPinHash,
    voicemailGreeting: extensions.voicemailGreeting,
    dnd: extensions.dnd,
    ringSeconds: extensions.ringSeconds,
    forwardAlwaysType: extensions.forwardAlwaysType,
    forwardAlwaysTarget: extensions.forwardAlwaysTarget,
    forwardBusyType: extensions.forwardBusyType,
    forwardBusyTarget: extensions.forwardBusyTarget,
    forwardNoAnswerType: extensions.forwardNoAnswerType,
    forwardNoAnswerTarget: extensions.forwardNoAnswerTarget,
  };
  return {
    allExtensions: db.select(extensionColumns).from(extensions).prepare(),
    extension: db
      .select(extensionColumns)
      .from(extensions)
      .where(eq(extensions.number, sql.placeholder("number")))
      .prepare(),
    allDids: db.select(didColumns).from(dids).prepare(),
    did: db
      .select(didColumns)
      .from(dids)
      .where(eq(dids.number, sql.placeholder("number")))
      .prepare(),
    routes: enabledRoutesQuery(db),
    gateways: db
      .select({
        name: gateways.name,
        host: gateways.host,
        port: gateways.port,
        transport: gateways.transport,
        username: gateways.username,
        passwordEnc: gateways.passwordEnc,
        register: gateways.register,
        expireSeconds: gateways.expireSeconds,
        retrySeconds: gateways.retrySeconds,
        fromDomain: gateways.fromDomain,
        callerIdInFrom: gateways.callerIdInFrom,
      })
      .from(gateways)
      .where(eq(gateways.enabled, true))
      .orderBy(asc(gateways.name))
      .prepare(),
  };
}
