import { countChanges } from "./diff-state.ts";
import { describeObject } from "./kinds.ts";
import type { Change, PathError, Plan } from "./state.ts";

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ")} }`;
}

const SIGN = { create: "+", update: "~", delete: "-" } as const;

function changeLines(change: Change): string[] {
  const head = `${SIGN[change.op]} ${describeObject(change.kind, change.key)}`;
  if (change.op === "delete") return [head];
  if (change.op === "create") {
    const fields = Object.entries(change.fields).filter(([, v]) => v !== null);
    const secret = change.secret ? [`    ${change.secret.field}: (${change.secret.note})`] : [];
    return [head, ...fields.map(([k, v]) => `    ${k}: ${formatValue(v)}`), ...secret];
  }
  return [
    head,
    ...change.changes.map((c) => ("secret" in c ? `    ${c.field}: (changed, ${c.note})` : `    ${c.field}: ${formatValue(c.from)} → ${formatValue(c.to)}`)),
  ];
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * A plan as a person reviews it: `+` create with every field, `~` change
 * field by field (old → new), `-` delete; credentials only as "(changed)".
 * In the order apply would make the changes.
 */
export function renderPlan(plan: Plan): string {
  const lines = plan.changes.flatMap(changeLines);
  if (plan.absent.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push("Not in the file, left alone (apply --prune deletes them):");
    lines.push(...plan.absent.map((r) => `    ${describeObject(r.kind, r.key)}`));
  }
  if (lines.length > 0) lines.push("");
  const n = countChanges(plan);
  lines.push(
    plan.changes.length === 0
      ? "No changes: the PBX already matches the file."
      : `Plan: ${n.create} to create, ${n.update} to change, ${n.delete} to delete.`,
  );
  return `${lines.join("\n")}\n`;
}

/** What was done, for the apply's last line and the audit log. */
export function summarizeChanges(changes: readonly Change[]): string {
  if (changes.length === 1) {
    const c = changes[0]!;
    const what = describeObject(c.kind, c.key);
    if (c.op === "update") return `changed ${what}: ${c.changes.map((f) => f.field).join(", ")}`;
    return `${c.op === "create" ? "created" : "deleted"} ${what}`;
  }
  const count = (op: Change["op"]) => changes.filter((c) => c.op === op).length;
  return `${count("create")} created, ${count("update")} changed, ${count("delete")} deleted`;
}

export function renderErrors(errors: readonly PathError[]): string {
  return `${plural(errors.length, "error")}; nothing was changed:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}\n`;
}
