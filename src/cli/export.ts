import { type CliIo, processIo } from "../pbx-file/cli-io.ts";
import { callConfigApi, CommandFailed, configTarget, unexpected } from "../pbx-file/config-client.ts";
import { parseFlags, UsageError } from "./usage.ts";

export async function exportCommand(args: string[], help: string, io: CliIo): Promise<void> {
  const { values } = parseFlags(
    args,
    { output: { type: "string", short: "o" }, format: { type: "string" }, url: { type: "string" }, token: { type: "string" } },
    help,
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

export async function runExport(args: string[], help: string) {
  await exportCommand(args, help, processIo());
}
