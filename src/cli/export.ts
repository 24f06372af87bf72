import { type CliIo, processIo } from "../pbx-file/cli-io.ts";
import { callConfigApi, CommandFailed, configTarget, unexpected } from "../pbx-file/config-client.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "write the whole PBX as a file apply takes: export [-o pbx.yaml]",
  help: `usage: callboard export [-o FILE] [--format yaml|json] [--url URL] [--token TOKEN]

Prints (or writes to FILE) every extension, gateway, DID and outbound route, in a stable order,
defaults left out. No credentials: applying the file keeps the stored ones, so
\`callboard export | callboard apply -f - --yes\` changes nothing. Asks the running callboard,
found as \`callboard top\` finds it. The format: docs/pbx-file.md.`,
  run: (args) => exportCommand(args, processIo()),
};

export async function exportCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseFlags(
    args,
    { output: { type: "string", short: "o" }, format: { type: "string" }, url: { type: "string" }, token: { type: "string" } },
    command.help,
  );
  const format = values.format ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new UsageError("--format: yaml or json");
  try {
    const answer = await callConfigApi(io, configTarget(values, io), "GET", `/config?format=${format}`);
    if (answer.status !== 200) throw unexpected(answer);
    const text = format === "json" ? `${JSON.stringify(answer.body, null, 2)}\n` : String(answer.body);
    if (values.output) io.writeText(values.output, text);
    else io.out(text);
  } catch (err) {
    if (err instanceof CommandFailed) throw new UsageError(err.message);
    throw err;
  }
}
