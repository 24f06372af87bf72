import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { commandNames, loadCommand } from "./commands.ts";

const transpiler = new Bun.Transpiler({ loader: "ts" });

test("every command brings its own summary, help and run", async () => {
  for (const name of commandNames) {
    const command = await loadCommand(name);
    expect(command?.summary, name).toBeString();
    expect(command?.help, name).toStartWith(`usage: callboard ${name}`);
    expect(command?.run, name).toBeFunction();
  }
});

test("a name that is no command loads nothing, inherited object keys included", async () => {
  expect(await loadCommand("nope")).toBeUndefined();
  expect(await loadCommand("constructor")).toBeUndefined();
});

test("no command module imports the registry back", () => {
  for (const name of commandNames) {
    const imports = transpiler.scanImports(readFileSync(join(import.meta.dir, `${name}.ts`), "utf8")).map((i) => i.path);
    expect(imports, name).not.toContain("./commands.ts");
  }
});
