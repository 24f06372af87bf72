import type { KindName, ObjectRef } from "./kinds.ts";

/** One object as stored: the compared fields, and its credential for equality only. */
export type CurrentObject = { key: string; fields: Record<string, unknown>; secret?: string };

/**
 * One object as the file wants it. `keep` leaves the stored credential alone;
 * `set` carries the value (an a1-hash, a provider password) and where it came
 * from, which is all a plan may show of it.
 */
export type DesiredSecret = { kind: "keep" } | { kind: "set"; value: string; source: string };
export type DesiredObject = { key: string; path: string; fields: Record<string, unknown>; secret: DesiredSecret };

export type ByKind<T> = Record<KindName, T[]>;
export type CurrentState = ByKind<CurrentObject>;
export type DesiredState = ByKind<DesiredObject>;

/** `extensions[3].number: must be 2 to 6 digits` */
export type PathError = { path: string; message: string };

/** A credential in a plan: what happens to it, never its value. */
export type SecretNote = { field: string; note: string };

export type FieldChange = { field: string; from: unknown; to: unknown } | { field: string; secret: true; note: string };

export type Change =
  | { op: "create"; kind: KindName; key: string; fields: Record<string, unknown>; secret?: SecretNote }
  | { op: "update"; kind: KindName; key: string; changes: FieldChange[] }
  | { op: "delete"; kind: KindName; key: string };

/**
 * What applying a file would do, in the order it would be done. `absent`:
 * stored objects the file does not mention, left alone without prune.
 */
export type Plan = { changes: Change[]; absent: ObjectRef[]; prune: boolean };
