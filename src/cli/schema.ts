import { writeFileSync } from "node:fs";
import { pbxFileJsonSchema } from "../pbx-file/file-schema.ts";
import { parseFlags } from "./usage.ts";

/** Needs no server: the schema comes from the zod schemas compiled into this callboard. */
export async function runSchema(args: string[], help: string) {
  const { values } = parseFlags(args, { output: { type: "string", short: "o" } }, help);
  const text = `${JSON.stringify(pbxFileJsonSchema(), null, 2)}\n`;
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
}
