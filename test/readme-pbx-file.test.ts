import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pbxApp } from "./support/pbx-file.ts";

/** The README's example file, as a reader would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(import.meta.dir, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The PBX as a file"));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("no yaml block in README's 'The PBX as a file'");
  return match[1]!;
}

describe("the README's bell.uz example file", () => {
  test("applies as written: ten operators, the gateway, two DIDs and the routes; then export plans nothing", async () => {
    const pbx = pbxApp();
    const secrets = { secrets: { env: { BELLUZ_PASSWORD: "the-Provider-pass-1" } } };
    const applied = await pbx.read(await pbx.apply(readmeExample(), secrets));
    expect(applied.summary).toEqual({ create: 16, update: 0, delete: 0, absent: 0 });
    expect(applied.passwords).toHaveLength(10);
    expect((await pbx.read(await pbx.plan(await pbx.exported()))).changed).toBe(false);
    expect((await pbx.read(await pbx.plan(readmeExample(), secrets))).changed).toBe(false);
  });
});
