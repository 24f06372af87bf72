import { type CliIo, processIo } from "../pbx-file/cli-io.ts";
import { callConfigApi, CommandFailed, configTarget, readFileRequest, unexpected } from "../pbx-file/config-client.ts";
import { renderErrors } from "../pbx-file/render-plan.ts";
import { parseFlags, UsageError } from "./usage.ts";

/** Exit codes CI branches on: 0 nothing would change, 2 something would, 1 the file (or anything else) is wrong. */
export const PLAN_EXIT = { unchanged: 0, failed: 1, changes: 2 } as const;

export async function planCommand(args: string[], help: string, io: CliIo): Promise<number> {
  try {
    const { values } = parseFlags(
      args,
      { file: { type: "string", short: "f" }, prune: { type: "boolean" }, json: { type: "boolean" }, url: { type: "string" }, token: { type: "string" } },
      help,
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

export async function runPlan(args: string[], help: string) {
  process.exit(await planCommand(args, help, processIo()));
}
