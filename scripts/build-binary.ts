/**
 * `npm run build`: the whole of callboard as one executable — Bun's runtime,
 * every dependency, the Swagger UI files and the database migrations — so a
 * server needs neither Node, npm, Bun nor this source tree.
 *
 *   bun scripts/build-binary.ts [--outfile dist/callboard]
 *
 * test/binary.test.ts builds it this way and runs it.
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import type { BunPlugin } from "bun";

const ROOT = join(import.meta.dir, "..");

/**
 * Ink connects to React DevTools when DEV=true: it imports
 * react-devtools-core, which is not installed, and reads its own
 * package.json from disk, which the binary has not got. The binary never
 * does either: Ink's DEV switch is off for good, and the package it would
 * import is an empty stand-in, there only so the bundle resolves.
 */
const inkWithoutDevtools: BunPlugin = {
  name: "ink-without-devtools",
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, (args) => ({ path: args.path, namespace: "absent" }));
    build.onLoad({ filter: /.*/, namespace: "absent" }, () => ({ loader: "js", contents: "export default {};" }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]utils\.js$/ }, async (args) => {
      const source = await Bun.file(args.path).text();
      const DEV_SWITCH = "process.env['DEV'] === 'true'";
      // A newer Ink that spells it differently fails the build here, not a sysadmin's `top` later.
      if (!source.includes(DEV_SWITCH)) throw new Error(`${args.path}: Ink's DEV switch is no longer ${DEV_SWITCH}`);
      return { loader: "js", contents: source.replace(DEV_SWITCH, "false") };
    });
  },
};

export async function buildBinary(outfile: string) {
  const result = await Bun.build({
    entrypoints: [join(ROOT, "src/main.ts")],
    compile: {
      outfile: resolve(outfile),
      // Bun puts an embedded directory at the binary's root under its own
      // name: /$bunfs/root/drizzle, which is where src/db/client.ts looks
      // (import.meta.dir is /$bunfs/root for every bundled module).
      assets: [join(ROOT, "src/db/drizzle")],
      // The binary's settings are the environment alone: a .env or
      // bunfig.toml in whatever directory it is started from must not change it.
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
    // Parsed ahead of time: `serve` answers /health in about a third of the time.
    bytecode: true,
    format: "esm",
    // React's production build, as bin/callboard chooses at run time.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    plugins: [inkWithoutDevtools],
  });
  if (!result.success) throw new AggregateError(result.logs, "bun build --compile failed");
  return result.outputs[0]!.path;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { outfile: { type: "string", default: join(ROOT, "dist/callboard") } } });
  const path = await buildBinary(values.outfile);
  console.log(`built ${path} (${((await Bun.file(path).stat()).size / 1e6).toFixed(1)} MB)`);
}
