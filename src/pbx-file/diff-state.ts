import { createHash } from "node:crypto";
import { DELETE_ORDER, dependencyOrder, KIND_NAMES, KINDS, type KindName, type ObjectRef, WRITE_ORDER } from "./kinds.ts";
import type { Change, CurrentObject, CurrentState, DesiredObject, DesiredSecret, DesiredState, FieldChange, PathError, Plan, SecretNote } from "./state.ts";

/** Key order never makes two values differ. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}
export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Natural order: "999" before "1001", as people sort numbers. */
export const byKey = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

type Wanted = Pick<DesiredObject, "key" | "fields" | "secret">;

function createNote(kind: KindName, secret: DesiredSecret): SecretNote | undefined {
  const field = KINDS[kind].secretField;
  if (!field) return undefined;
  if (secret.kind === "set") return { field, note: secret.source };
  return kind === "extensions" ? { field: "password", note: "generated, shown once" } : undefined;
}

/**
 * One object's change from `before` to `after` (either may be missing), or
 * undefined when they are equal. A credential is compared, never shown.
 */
export function diffObject(kind: KindName, before: CurrentObject | undefined, after: Wanted | undefined): Change | undefined {
  if (!before && !after) return undefined;
  if (!after) return { op: "delete", kind, key: before!.key };
  if (!before) {
    const secret = createNote(kind, after.secret);
    return { op: "create", kind, key: after.key, fields: after.fields, ...(secret ? { secret } : {}) };
  }
  const changes: FieldChange[] = [];
  for (const field of KINDS[kind].fields) {
    const from = before.fields[field] ?? null;
    const to = after.fields[field] ?? null;
    if (!sameValue(from, to)) changes.push({ field, from, to });
  }
  const secretField = KINDS[kind].secretField;
  if (secretField && after.secret.kind === "set" && after.secret.value !== before.secret) {
    changes.push({ field: secretField, secret: true, note: after.secret.source });
  }
  return changes.length > 0 ? { op: "update", kind, key: before.key, changes } : undefined;
}

export type DiffOptions = {
  prune: boolean;
  /** Keys the file names in entries that are invalid: not compared, and never taken as absent. */
  unresolved?: Partial<Record<KindName, Set<string>>>;
};

/**
 * What it takes to turn `current` into `desired`, in the order it must be
 * done: creates and changes with what is referred to first, then (with
 * prune) deletions with what refers first. Pure: the same states give the
 * same plan.
 */
export function diffState(desired: DesiredState, current: CurrentState, options: DiffOptions): { plan: Plan; errors: PathError[] } {
  const errors: PathError[] = [];
  const writes: Change[] = [];
  const absent: ObjectRef[] = [];
  for (const kind of WRITE_ORDER) {
    const stored = new Map(current[kind].map((o) => [o.key, o]));
    for (const want of dependencyOrder(kind, [...desired[kind]].sort((a, b) => byKey(a.key, b.key)))) {
      const before = stored.get(want.key);
      if (!before && kind === "gateways" && want.secret.kind === "keep") {
        errors.push({ path: `${want.path}.password`, message: "required for a new gateway: { env: NAME } or { file: PATH }" });
        continue;
      }
      const change = diffObject(kind, before, want);
      if (change) writes.push(change);
    }
  }
  const missing = (kind: KindName) => {
    const named = new Set([...desired[kind].map((o) => o.key), ...(options.unresolved?.[kind] ?? [])]);
    return current[kind].map((o) => o.key).filter((key) => !named.has(key)).sort(byKey);
  };
  /** What refers to others of its kind goes first (a ring group before the group it falls back to). */
  const deleteOrder = (kind: KindName) => {
    const gone = new Set(missing(kind));
    const objects = current[kind].filter((o) => gone.has(o.key)).sort((a, b) => byKey(a.key, b.key));
    return dependencyOrder(kind, objects, true).map((o) => o.key);
  };
  const deletes: Change[] = [];
  if (options.prune) {
    for (const kind of DELETE_ORDER) deletes.push(...deleteOrder(kind).map((key): Change => ({ op: "delete", kind, key })));
  } else {
    for (const kind of KIND_NAMES) absent.push(...missing(kind).map((key) => ({ kind, key })));
  }
  return { plan: { changes: [...writes, ...deletes], absent, prune: options.prune }, errors };
}

/** Names a plan as reviewed: an apply may insist that it would do exactly this. */
export const planFingerprint = (plan: Plan) => createHash("sha256").update(canonical(plan)).digest("hex").slice(0, 16);

export function countChanges(plan: Plan) {
  const count = (op: Change["op"]) => plan.changes.filter((c) => c.op === op).length;
  return { create: count("create"), update: count("update"), delete: count("delete"), absent: plan.absent.length };
}
