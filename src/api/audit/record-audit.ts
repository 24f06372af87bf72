import type { Context } from "hono";
import { appendAudit } from "../../db/audit-log.ts";
import { readKind } from "../../pbx-file/current-state.ts";
import { diffObject } from "../../pbx-file/diff-state.ts";
import type { KindName } from "../../pbx-file/kinds.ts";
import { summarizeChanges } from "../../pbx-file/render-plan.ts";
import type { Change } from "../../pbx-file/state.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import type { AppDeps } from "../../http/deps.ts";

export type AuditInput = { at: Date; actor: string; action: string; changes: readonly Change[] };

export function recordAudit(tx: Tx, entry: AuditInput) {
  const { at, actor, action, changes } = entry;
  appendAudit(tx, { at, actor, action, summary: summarizeChanges(changes), changes: JSON.stringify(changes) });
}

/**
 * A REST write in one transaction with its audit entry: the object is read
 * before and after `work`, and the difference is recorded the way a plan
 * shows it. A write that changes nothing records nothing.
 */
export function auditedWrite<T>(deps: AppDeps, c: Context, target: { kind: KindName; key: string }, work: (tx: Tx) => T): T {
  return inTransaction(deps.db, (tx) => {
    const reader = { db: tx, realm: deps.config.domain, secrets: deps.secrets };
    const [before] = readKind(reader, target.kind, target.key);
    const result = work(tx);
    const [after] = readKind(reader, target.kind, target.key);
    const secret = after?.secret === undefined ? { kind: "keep" as const } : { kind: "set" as const, value: after.secret, source: "set over the API" };
    const change = diffObject(target.kind, before, after && { ...after, secret });
    if (change) {
      const actor = c.get("auth")?.tokenName ?? "unknown";
      recordAudit(tx, { at: new Date((deps.now ?? Date.now)()), actor, action: `${c.req.method} ${c.req.path}`, changes: [change] });
    }
    return result;
  });
}
