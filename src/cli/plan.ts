import { type CliIo, processIo } from "../pbx-file/cli-io.ts";
import { callConfigApi, CommandFailed, configTarget, readFileRequest, unexpected } from "../pbx-file/config-client.ts";
import { renderErrors } from "../pbx-file/render-plan.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "show what applying a PBX file would change: plan -f pbx.yaml [--prune]",
  help: `usage: callboard plan -f FILE [--prune] [--json] [--url URL] [--token TOKEN]

Checks FILE (YAML or JSON; - for standard input) by the REST API's rules and a full dry run, and
prints what apply would do: + create, ~ change (field: old → new), - delete (with --prune), and
what the file leaves out. Credentials show only as "(changed)". Gateway passwords the file refers
to ({ env: NAME }, { file: PATH }) are read here and sent to callboard.
Exit code: 0 nothing would change, 2 something would, 1 invalid file (every error by path) or failure.`,
  run: async (args) => process.exit(await planCommand(args, processIo())),
};

/** Exit codes CI branches on: 0 nothing would change, 2 something would, 1 the file (or anything else) is wrong. */
export const PLAN_EXIT = { unchanged: 0, failed: 1, changes: 2 } as const;

export async function planCommand(args: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseFlags(
      args,
      { file: { type: "string", short: "f" }, prune: { type: "boolean" }, json: { type: "boolean" }, url: { type: "string" }, token: { type: "string" } },
      command.help,
    );
    const target = configTarget(values, io);
    const request = await readFileRequest(values.file, io, target);
    const answer = await callConfigApi(io, target, "POST", "/config/plan", { ...request.body, prune: values.prune ?? false });
    if (answer.status === 422 && Array.isArray(answer.body?.errors)) {
      if (values.json) io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
      else io.err(`${request.label}: ${renderErrors(answer.body.errors)}`);
      return PLAN_EXIT.failed;
    }
    if (answer.status !== 200) throw unexpected(answer);
    io.out(values.json ? `${JSON.stringify(answer.body, null, 2)}\n` : answer.body.text);
    return answer.body.changed ? PLAN_EXIT.changes : PLAN_EXIT.unchanged;
  } catch (err) {
    if (!(err instanceof CommandFailed || err instanceof UsageError)) throw err;
    io.err(`callboard plan: ${err.message}\n`);
    return PLAN_EXIT.failed;
  }
}
