import { toDidView } from "../api/dids/schemas.ts";
import { toExtensionView } from "../api/extensions/schemas.ts";
import { toGatewayView } from "../api/gateways/schemas.ts";
import { toRouteView } from "../api/outbound-routes/schemas.ts";
import { toIvrMenuView } from "../api/ivr-menus/schemas.ts";
import { toRingGroupView } from "../api/ring-groups/schemas.ts";
import { toTimeConditionView } from "../api/time-conditions/schemas.ts";
import { readDids } from "../db/dids.ts";
import { readExtensions } from "../db/extensions.ts";
import { readGateways } from "../db/gateways.ts";
import { readRoutes } from "../db/outbound-routes.ts";
import { readIvrMenus } from "../db/ivr-menus.ts";
import { readRingGroups } from "../db/ring-groups.ts";
import { readTimeConditions } from "../db/time-conditions.ts";
import { toAgentView } from "../api/queues/agent-schemas.ts";
import { toQueueView } from "../api/queues/schemas.ts";
import { queuesOfAgent, readAgents } from "../db/queue-agents.ts";
import { readQueues } from "../db/queues.ts";
import type { SecretBox } from "../db/secret-box.ts";
import type { DbOrTx } from "../db/transaction.ts";
import { KIND_NAMES, KINDS, type KindName } from "./kinds.ts";
import type { CurrentObject, CurrentState } from "./state.ts";

/** Without `secrets` no credential is read at all: what an export never holds, it cannot leak. */
export type StateReader = { db: DbOrTx; realm: string; secrets?: SecretBox };

const pick = (kind: KindName, view: Record<string, unknown>): CurrentObject => ({
  key: String(view[KINDS[kind].key]),
  fields: Object.fromEntries(KINDS[kind].fields.map((f) => [f, view[f] ?? null])),
});

/** A sealed password that no longer opens (the key changed) compares as unknown, so a file's password replaces it. */
function openPassword(secrets: SecretBox, sealed: string): string | undefined {
  try {
    return secrets.open(sealed);
  } catch {
    return undefined;
  }
}

/**
 * Objects as the REST API shows them (its own view functions), plus each
 * credential for comparison: an a1-hash only when made for today's realm, a
 * provider password opened from its seal. `key` narrows to one object.
 */
export function readKind({ db, realm, secrets }: StateReader, kind: KindName, key?: string): CurrentObject[] {
  switch (kind) {
    case "extensions": {
      return readExtensions(db, key).map((r) => ({ ...pick(kind, toExtensionView(r, realm)), ...(secrets && r.realm === realm ? { secret: r.a1Hash } : {}) }));
    }
    case "gateways": {
      return readGateways(db, key).map((r) => {
        const secret = secrets && openPassword(secrets, r.passwordEnc);
        return { ...pick(kind, toGatewayView(r)), ...(secret === undefined ? {} : { secret }) };
      });
    }
    case "dids":
      return readDids(db, key).map((r) => pick(kind, toDidView(r)));
    case "outboundRoutes":
      return readRoutes(db, key).map((r) => pick(kind, toRouteView(r)));
    case "ringGroups":
      return readRingGroups(db, key).map((r) => pick(kind, toRingGroupView(r)));
    case "timeConditions":
      return readTimeConditions(db, key).map((r) => pick(kind, toTimeConditionView(r)));
    case "agents":
      return readAgents(db, key).map((r) => pick(kind, toAgentView(r, queuesOfAgent(db, r.extensionNumber))));
    case "queues":
      return readQueues(db, key).map((r) => pick(kind, toQueueView(r)));
    case "ivrMenus":
      return readIvrMenus(db, key).map((r) => pick(kind, toIvrMenuView(r)));
  }
}

export function readCurrentState(reader: StateReader): CurrentState {
  return Object.fromEntries(KIND_NAMES.map((k) => [k, readKind(reader, k)])) as CurrentState;
}
