/**
 * The simulator is for `callboard demo` and the tests: nothing `serve` loads
 * may come from src/sim/. Followed here: every static import, from the
 * module outwards (the command registry's lazy `import()`s are other
 * commands, not serve's).
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(import.meta.dir, "..");
const transpilers = { ts: new Bun.Transpiler({ loader: "ts" }), tsx: new Bun.Transpiler({ loader: "tsx" }) };

/** src-relative paths of every module `entry` loads through static imports. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const rel = relative(ROOT, file);
    if (seen.has(rel)) return;
    seen.add(rel);
    const transpiler = file.endsWith(".tsx") ? transpilers.tsx : transpilers.ts;
    for (const { path, kind } of transpiler.scanImports(readFileSync(file, "utf8"))) {
      if (kind !== "import-statement" || !path.startsWith(".") || !/\.tsx?$/.test(path)) continue;
      visit(resolve(dirname(file), path));
    }
  };
  visit(join(ROOT, entry));
  return seen;
}

const fromSim = (graph: Set<string>) => [...graph].filter((f) => f.startsWith("src/sim/"));

test("callboard serve loads nothing from the simulator", () => {
  const graph = staticGraph("src/cli/serve.ts");
  expect(graph.has("src/xmlcurl/router.ts")).toBe(true);
  expect(fromSim(graph)).toEqual([]);
});

test("callboard demo does load it: the walk sees the simulator where it is imported", () => {
  expect(fromSim(staticGraph("src/cli/demo.ts"))).toContain("src/sim/index.ts");
});
