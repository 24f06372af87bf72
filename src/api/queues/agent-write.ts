import type { Context } from "hono";
import { getAgent, type AgentChange, updateAgent } from "../../db/queue-agents.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AppDeps } from "../../http/deps.ts";
import { readKind } from "../../pbx-file/current-state.ts";
import { diffObject } from "../../pbx-file/diff-state.ts";
import type { FieldChange } from "../../pbx-file/state.ts";
import { recordAudit } from "../audit/record-audit.ts";

export type AgentWritten = { statusChanged: boolean; fieldsChanged: boolean };

/**
 * An agent's change in one transaction with one audit entry. The status is
 * an operator's state rather than configuration: it is not part of the PBX
 * file (so auditedWrite's diff leaves it out) and is added to the entry
 * here, beside the other fields. A change to nothing writes nothing.
 */
export function writeAgent(deps: AppDeps, c: Context, number: string, patch: AgentChange): AgentWritten {
  const at = new Date((deps.now ?? Date.now)());
  return inTransaction(deps.db, (tx) => {
    const reader = { db: tx, realm: deps.config.domain, secrets: deps.secrets };
    const row = getAgent(tx, number);
    const [before] = readKind(reader, "agents", number);
    const changed = (Object.keys(patch) as (keyof AgentChange)[]).some((k) => patch[k] !== undefined && patch[k] !== row[k]);
    if (!changed) return { statusChanged: false, fieldsChanged: false };
    updateAgent(tx, number, patch, at);
    const [after] = readKind(reader, "agents", number);
    const fields = diffObject("agents", before, after && { ...after, secret: { kind: "keep" as const } });
    const statusChanged = patch.status !== undefined && patch.status !== row.status;
    const changes: FieldChange[] = [
      ...(statusChanged ? [{ field: "status", from: row.status, to: patch.status }] : []),
      ...(fields?.op === "update" ? fields.changes : []),
    ];
    const actor = c.get("auth")?.tokenName ?? "unknown";
    recordAudit(tx, { at, actor, action: `${c.req.method} ${c.req.path}`, changes: [{ op: "update", kind: "agents", key: number, changes }] });
    return { statusChanged, fieldsChanged: fields !== undefined };
  });
}
