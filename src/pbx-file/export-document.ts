import { stringify } from "yaml";
import { byKey, sameValue } from "./diff-state.ts";
import { ENTRY_SCHEMAS, FILE_VERSION } from "./file-schema.ts";
import { KIND_NAMES, KINDS, type KindName } from "./kinds.ts";
import type { CurrentObject, CurrentState } from "./state.ts";

/** Each field's default as the schema fills it in: what an exported entry can leave out. */
const DEFAULTS: Record<KindName, Record<string, unknown>> = Object.fromEntries(
  KIND_NAMES.map((kind) => {
    const shape = ENTRY_SCHEMAS[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    const defaults = KINDS[kind].fields.flatMap((f) => {
      const probe = shape[f]?.safeParse(undefined);
      return probe?.success && probe.data !== undefined ? [[f, probe.data]] : [];
    });
    return [kind, Object.fromEntries(defaults)];
  }),
) as Record<KindName, Record<string, unknown>>;

function entry(kind: KindName, object: CurrentObject): Record<string, unknown> {
  const fields = KINDS[kind].fields.filter((f) => {
    const value = object.fields[f] ?? null;
    return value !== null && !(f in DEFAULTS[kind] && sameValue(value, DEFAULTS[kind][f]));
  });
  return { [KINDS[kind].key]: object.key, ...Object.fromEntries(fields.map((f) => [f, object.fields[f]])) };
}

/** Routes in the order the dialplan tries them, everything else by key. */
function sorted(kind: KindName, objects: readonly CurrentObject[]): CurrentObject[] {
  const list = [...objects];
  if (kind === "outboundRoutes") return list.sort((a, b) => Number(a.fields.priority) - Number(b.fields.priority) || byKey(a.key, b.key));
  return list.sort((a, b) => byKey(a.key, b.key));
}

/**
 * The PBX in the shape `apply` takes: every kind, every object in a stable
 * order, fields in the API's order, defaults and empty values left out.
 * Credentials are never in it; applying it keeps the stored ones.
 */
export function toPbxDocument(current: CurrentState): Record<string, unknown> {
  return {
    version: FILE_VERSION,
    ...Object.fromEntries(KIND_NAMES.map((kind) => [kind, sorted(kind, current[kind]).map((o) => entry(kind, o))])),
  };
}

const HEADER = [
  "callboard PBX file: review with `callboard plan -f FILE`, apply with `callboard apply -f FILE`.",
  "Credentials are never exported; applying keeps the stored ones. To set one, give a gateway",
  "`password: { env: NAME }` or `{ file: PATH }`, an extension `a1Hash: …` (docs/pbx-file.md).",
];

export function renderPbxYaml(document: Record<string, unknown>): string {
  return `${HEADER.map((l) => `# ${l}`).join("\n")}\n${stringify(document, { lineWidth: 0 })}`;
}
