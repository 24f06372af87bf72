import { writeFileSync } from "node:fs";
import { pbxFileJsonSchema } from "../pbx-file/file-schema.ts";
import { type Command, parseFlags } from "./usage.ts";

export const command: Command = {
  summary: "print the PBX file's JSON Schema, for editors",
  help: `usage: callboard schema [-o FILE]

Prints the JSON Schema (draft 2020-12) of the file plan/apply/export use, generated from the
REST API's zod schemas. Point an editor at it, e.g. first line of pbx.yaml:
# yaml-language-server: $schema=pbx.schema.json`,
  run: runSchema,
};

/** Needs no server: the schema comes from the zod schemas compiled into this callboard. */
async function runSchema(args: string[]) {
  const { values } = parseFlags(args, { output: { type: "string", short: "o" } }, command.help);
  const text = `${JSON.stringify(pbxFileJsonSchema(), null, 2)}\n`;
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
}
