import { eq } from "drizzle-orm";
import type { Tx } from "../api/crud-support.ts";
import { toDidView } from "../api/dids/queries.ts";
import { toExtensionView } from "../api/extensions/queries.ts";
import { toGatewayView } from "../api/gateways/queries.ts";
import { toRouteView } from "../api/outbound-routes/queries.ts";
import type { Db } from "../db/client.ts";
import type { SecretBox } from "../db/secret-box.ts";
import { dids, extensions, gateways, outboundRoutes } from "../db/schema.ts";
import { KIND_NAMES, KINDS, type KindName } from "./kinds.ts";
import type { CurrentObject, CurrentState } from "./state.ts";

/** Without `secrets` no credential is read at all: what an export never holds, it cannot leak. */
export type StateReader = { db: Db | Tx; realm: string; secrets?: SecretBox };

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
      const rows = db.select().from(extensions).where(key === undefined ? undefined : eq(extensions.number, key)).all();
      return rows.map((r) => ({ ...pick(kind, toExtensionView(r, realm)), ...(secrets && r.realm === realm ? { secret: r.a1Hash } : {}) }));
    }
    case "gateways": {
      const rows = db.select().from(gateways).where(key === undefined ? undefined : eq(gateways.name, key)).all();
      return rows.map((r) => {
        const secret = secrets && openPassword(secrets, r.passwordEnc);
        return { ...pick(kind, toGatewayView(r)), ...(secret === undefined ? {} : { secret }) };
      });
    }
    case "dids": {
      const rows = db
        .select({ did: dids, gateway: gateways.name })
        .from(dids)
        .leftJoin(gateways, eq(dids.gatewayId, gateways.id))
        .where(key === undefined ? undefined : eq(dids.number, key))
        .all();
      return rows.map((r) => pick(kind, toDidView(r)));
    }
    case "outboundRoutes": {
      const rows = db
        .select({ route: outboundRoutes, gateway: gateways.name })
        .from(outboundRoutes)
        .innerJoin(gateways, eq(outboundRoutes.gatewayId, gateways.id))
        .where(key === undefined ? undefined : eq(outboundRoutes.name, key))
        .all();
      return rows.map((r) => pick(kind, toRouteView(r)));
    }
  }
}

export function readCurrentState(reader: StateReader): CurrentState {
  return Object.fromEntries(KIND_NAMES.map((k) => [k, readKind(reader, k)])) as CurrentState;
}
