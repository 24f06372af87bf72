import { type CliIo, processIo } from "../pbx-file/cli-io.ts";
import { type ApiAnswer, callConfigApi, CommandFailed, configTarget, readFileRequest, unexpected } from "../pbx-file/config-client.ts";
import { renderErrors, summarizeChanges } from "../pbx-file/render-plan.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "make the PBX match a file, all or nothing: apply -f pbx.yaml [--prune] [--yes]",
  help: `usage: callboard apply -f FILE [--prune] [--yes] [--url URL] [--token TOKEN]

Shows the plan, asks, then applies exactly that plan in one transaction (if the PBX changed
meanwhile, nothing is applied). Objects the file leaves out stay, and are listed; --prune deletes
them, what refers before what is referred to. FreeSWITCH is told as for REST changes (killgw,
rescan). New extensions without an a1Hash get a password, printed once. --yes skips the question
(needed with -f - or without a terminal). Exit code: 0 applied or nothing to do, 1 otherwise.`,
  run: async (args) => process.exit(await applyCommand(args, processIo())),
};

type Applied = {
  changed: boolean;
  changes: Parameters<typeof summarizeChanges>[0];
  text: string;
  passwords: { number: string; password: string }[];
  freeswitch: { applied: boolean; error?: string; pending?: true } | null;
};

function freeswitchLine(result: Applied["freeswitch"]): string {
  if (!result) return "";
  if (result.applied) return "FreeSWITCH: gateway changes loaded (killgw, rescan).\n";
  if (result.pending) return `FreeSWITCH has not taken the gateway changes yet (${result.error}); callboard sends them when the event socket reconnects.\n`;
  return `FreeSWITCH refused the gateway changes (${result.error}); run \`sofia profile external rescan\` in fs_cli.\n`;
}

function report(io: CliIo, applied: Applied, planShown: boolean) {
  if (!planShown) io.out(applied.text);
  if (!applied.changed) return;
  io.out(`\nApplied: ${summarizeChanges(applied.changes)}.\n`);
  if (applied.passwords.length > 0) {
    io.out("\nNew SIP passwords, shown only now (type them into MicroSIP):\n");
    const width = Math.max(...applied.passwords.map((p) => p.number.length));
    io.out(applied.passwords.map((p) => `  ${p.number.padEnd(width)}  ${p.password}\n`).join(""));
  }
  io.out(freeswitchLine(applied.freeswitch));
}

function failOnInvalid(io: CliIo, label: string, answer: ApiAnswer): boolean {
  if (answer.status !== 422 || !Array.isArray(answer.body?.errors)) return false;
  io.err(`${label}: ${renderErrors(answer.body.errors)}`);
  return true;
}

/**
 * Without --yes: the plan, a question, then an apply bound to that plan's
 * fingerprint, so a change made by someone else meanwhile stops it instead
 * of being applied unreviewed.
 */
export async function applyCommand(args: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseFlags(
      args,
      { file: { type: "string", short: "f" }, prune: { type: "boolean" }, yes: { type: "boolean" }, url: { type: "string" }, token: { type: "string" } },
      command.help,
    );
    if (!values.yes && (values.file === "-" || !io.confirm)) {
      throw new CommandFailed("cannot ask for confirmation here (no terminal, or the file is on standard input): review with `callboard plan`, then pass --yes");
    }
    const target = configTarget(values, io);
    const request = await readFileRequest(values.file, io, target);
    const body = { ...request.body, prune: values.prune ?? false };
    let expect: string | undefined;
    if (!values.yes) {
      const plan = await callConfigApi(io, target, "POST", "/config/plan", body);
      if (failOnInvalid(io, request.label, plan)) return 1;
      if (plan.status !== 200) throw unexpected(plan);
      io.out(plan.body.text);
      if (!plan.body.changed) return 0;
      if (!(await io.confirm!(`\nApply these changes to ${target.url}? Only "yes" applies: `))) {
        io.out("Nothing was changed.\n");
        return 1;
      }
      expect = plan.body.fingerprint;
    }
    const answer = await callConfigApi(io, target, "POST", "/config/apply", { ...body, ...(expect ? { expect } : {}) });
    if (failOnInvalid(io, request.label, answer)) return 1;
    if (answer.status === 409 && answer.body?.error?.code === "stale_plan") {
      throw new CommandFailed("the PBX changed since this plan was shown; nothing was changed. Run apply again to review the new plan.");
    }
    if (answer.status !== 200) throw unexpected(answer);
    report(io, answer.body as Applied, !values.yes);
    return 0;
  } catch (err) {
    if (!(err instanceof CommandFailed || err instanceof UsageError)) throw err;
    io.err(`callboard apply: ${err.message}\n`);
    return 1;
  }
}
