import { parseDocument } from "yaml";
import type { PathError } from "./state.ts";

/**
 * YAML or JSON (YAML 1.2 reads JSON as it is). A repeated key is an error
 * rather than the last one silently winning; aliases are capped so a small
 * file cannot expand into a huge one.
 */
export function parseConfigText(text: string): { ok: true; value: unknown } | { ok: false; errors: PathError[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return { path: at ? `line ${at.line}, column ${at.col}` : "file", message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "") };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) ?? {} };
  } catch (err) {
    return { ok: false, errors: [{ path: "file", message: (err as Error).message }] };
  }
}
