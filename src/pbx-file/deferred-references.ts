/**
 * References an apply writes in a second step. Objects may name each other
 * in both directions across kinds — a ring group falls back to a time
 * condition that opens to another group, an extension forwards to a
 * condition whose group rings it, two extensions forward to each other's
 * voicemail — so no order of kinds writes every object after all it names.
 *
 * So a reference to an object of the same kind, or of one written later
 * (WRITE_ORDER), is first written as what names nothing (a hang-up, no
 * forward) and set once every object exists. Whatever is stored in between
 * names only what the file names too, so the REST rules checked on the way
 * (a loop, a missing target) see no loop that the file does not make, and
 * the last reference of a loop to be set is refused as a REST write would be.
 * Deleting works the other way round: such references are cleared before
 * anything is deleted.
 */
import { type KindName, referencesOf, WRITE_ORDER } from "./kinds.ts";

type Fields = Record<string, unknown>;

const rank = (kind: KindName) => WRITE_ORDER.indexOf(kind);

/** Where a later-set reference points instead: a forward is cleared, anything else hangs up. */
const nothingFor = (kind: KindName) => (kind === "extensions" ? null : { type: "hangup", target: "NORMAL_CLEARING" });

/** The paths (`fallback.target`, `callHandling.forwardBusy.target`) of the references that wait for the second step. */
const deferredPaths = (kind: KindName, fields: Fields) =>
  referencesOf(kind, fields)
    .filter((r) => rank(r.kind) >= rank(kind))
    .map((r) => r.field.split("."));

/** The top-level fields holding a reference set in the second step, in the order `fields` has them. */
export function deferredFields(kind: KindName, fields: Fields): string[] {
  const tops = new Set(deferredPaths(kind, fields).map((p) => p[0]!));
  return Object.keys(fields).filter((f) => tops.has(f));
}

/** `fields` with each such reference's destination (`{ type, target }`) replaced by what names nothing. */
export function withoutDeferred(kind: KindName, fields: Fields): Fields {
  const out = structuredClone(fields);
  for (const path of deferredPaths(kind, fields)) {
    if (path.at(-1) !== "target") throw new Error(`a ${kind} reference at ${path.join(".")} is not a destination's target`);
    const holder = path.slice(0, -2).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, out);
    holder[path.at(-2)!] = nothingFor(kind);
  }
  return out;
}
