import { eq, sql } from "drizzle-orm";
import type { DidRow, RouteRow, RoutingLookup } from "../pbx/route-call.ts";
import type { DbOrTx } from "./transaction.ts";
import { didColumns, enabledRoutesQuery } from "./routing-rows.ts";
import { readIvrMenus, toIvrMenuRow } from "./ivr-menus.ts";
import { readRingGroups, toRingGroupRow } from "./ring-groups.ts";
import { readQueues, toQueueRow } from "./queues.ts";
import { readTimeConditions, toTimeConditionRow } from "./time-conditions.ts";
import { dids, extensions, ringGroups } from "./schema.ts";

/**
 * The rows routeCall (src/pbx/route-call.ts) decides from, read from the
 * tables as they are now: call control checks a click-to-call or a transfer
 * by the same rules the dialplan will apply. Statements are prepared once.
 */
export function createRoutingLookup(db: DbOrTx): RoutingLookup {
  const extensionByNumber = db
    .select()
    .from(extensions)
    .where(eq(extensions.number, sql.placeholder("number")))
    .prepare();
  const didByNumber = db
    .select(didColumns)
    .from(dids)
    .where(eq(dids.number, sql.placeholder("number")))
    .prepare();
  const routes = enabledRoutesQuery(db);

  return {
    extension: (number) => extensionByNumber.get({ number }),
    did: (number): DidRow | undefined => didByNumber.get({ number }),
    outboundRoutes: (): RouteRow[] => routes.all(),
    ringGroup: (name) => readRingGroups(db, name).map(toRingGroupRow)[0],
    ringGroupByNumber: (number) => {
      const name = db.select({ name: ringGroups.name }).from(ringGroups).where(eq(ringGroups.number, number)).get()?.name;
      return name === undefined ? undefined : readRingGroups(db, name).map(toRingGroupRow)[0];
    },
    queue: (name) => readQueues(db, name).map(toQueueRow)[0],
    ivrMenu: (name) => readIvrMenus(db, name).map(toIvrMenuRow)[0],
    timeCondition: (name) => {
      const [row] = readTimeConditions(db, name);
      return row && toTimeConditionRow(row);
    },
  };
}
