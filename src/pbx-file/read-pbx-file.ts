import { zGatewayCreate } from "../api/gateways/schemas.ts";
import { normalizeDid } from "../pbx/numbers.ts";
import { fileErrorMap, formatPath, issuesToErrors } from "./error-paths.ts";
import { ENTRY_SCHEMAS, type SecretRef, zPbxEnvelope } from "./file-schema.ts";
import { emptyByKind, KIND_NAMES, KINDS, type KindName } from "./kinds.ts";
import type { DesiredObject, DesiredSecret, DesiredState, PathError } from "./state.ts";

/** Where `{ env: NAME }` and `{ file: PATH }` are looked up: the CLI's environment and disk, or what a REST client sent. */
export type SecretSource = {
  env(name: string): string | undefined;
  file(path: string): string | undefined;
};

export type ReadResult = {
  desired: DesiredState;
  /** Keys of entries the file names but that are invalid: neither changed nor counted as absent. */
  unresolved: Record<KindName, Set<string>>;
  errors: PathError[];
};

/** The key of an entry that failed validation, when it can still be read. */
function rawKey(kind: KindName, entry: unknown): string | undefined {
  const value = (entry as Record<string, unknown> | null)?.[KINDS[kind].key];
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  return kind === "dids" ? (normalizeDid(String(value)) ?? String(value)) : String(value);
}

const describeRef = (ref: SecretRef) => ("env" in ref ? `from env ${ref.env}` : `from file ${ref.file}`);

/** A provider password passes the REST API's own password rule, once it is known. */
function resolvePassword(ref: SecretRef | undefined, path: string, source: SecretSource, errors: PathError[]): DesiredSecret | undefined {
  if (!ref) return { kind: "keep" };
  const value = "env" in ref ? source.env(ref.env) : source.file(ref.file);
  if (value === undefined) {
    const [field, name, what] = "env" in ref ? ["env", ref.env, "is not set"] : ["file", ref.file, "cannot be read"];
    errors.push({ path: `${path}.password.${field}`, message: `${name} ${what}` });
    return undefined;
  }
  const checked = zGatewayCreate.shape.password.safeParse(value);
  if (!checked.success) {
    errors.push(...checked.error.issues.map((i) => ({ path: `${path}.password`, message: `the password ${describeRef(ref)} ${i.message}` })));
    return undefined;
  }
  return { kind: "set", value, source: describeRef(ref) };
}

function toDesired(kind: KindName, parsed: Record<string, unknown>, path: string, source: SecretSource, errors: PathError[]): DesiredObject | undefined {
  const { key: keyField, fields } = KINDS[kind];
  const key = kind === "dids" ? normalizeDid(String(parsed.number)) : String(parsed[keyField]);
  if (key === undefined) {
    errors.push({ path: `${path}.number`, message: "must be digits with an optional leading +" });
    return undefined;
  }
  // The file says everything about an object it lists: a field left out is its default, or nothing (null).
  const values = Object.fromEntries(fields.map((f) => [f, parsed[f] ?? null]));
  let secret: DesiredSecret | undefined = { kind: "keep" };
  if (kind === "extensions" && typeof parsed.a1Hash === "string") secret = { kind: "set", value: parsed.a1Hash, source: "from the file" };
  if (kind === "gateways") secret = resolvePassword(parsed.password as SecretRef | undefined, path, source, errors);
  return secret && { key, path, fields: values, secret };
}

/**
 * The file's desired state, or every reason it is not one. Each entry is
 * checked on its own so one bad entry does not hide the next; a key listed
 * twice is an error, DIDs compared in their stored form (+998…, 998… and the
 * 9-digit local form are one number).
 */
export function readPbxFile(raw: unknown, source: SecretSource): ReadResult {
  const result: ReadResult = { desired: emptyByKind(() => []), unresolved: emptyByKind(() => new Set()), errors: [] };
  const envelope = zPbxEnvelope.safeParse(raw ?? {}, { error: fileErrorMap });
  if (!envelope.success) {
    result.errors.push(...issuesToErrors(envelope.error.issues, []));
    return result;
  }
  for (const kind of KIND_NAMES) {
    const firstAt = new Map<string, number>();
    envelope.data[kind].forEach((entry, i) => {
      const path = formatPath([kind, i]);
      const parsed = ENTRY_SCHEMAS[kind].safeParse(entry, { error: fileErrorMap });
      const before = result.errors.length;
      const desired = parsed.success ? toDesired(kind, parsed.data, path, source, result.errors) : undefined;
      if (!parsed.success) result.errors.push(...issuesToErrors(parsed.error.issues, [kind, i]));
      const key = desired?.key ?? rawKey(kind, entry);
      if (key !== undefined) {
        const first = firstAt.get(key);
        if (first !== undefined) {
          result.errors.push({ path: `${path}.${KINDS[kind].key}`, message: `${key} is listed twice (also ${formatPath([kind, first])})` });
        } else firstAt.set(key, i);
      }
      if (desired && result.errors.length === before) result.desired[kind].push(desired);
      else if (key !== undefined) result.unresolved[kind].add(key);
    });
  }
  return result;
}
