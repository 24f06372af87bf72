import { inTransaction, type Tx } from "../db/transaction.ts";
import type { Db } from "../db/client.ts";
import type { SecretBox } from "../db/secret-box.ts";
import { generatePassword } from "../pbx/passwords.ts";
import { readCurrentState } from "./current-state.ts";
import { diffState, planFingerprint } from "./diff-state.ts";
import { executePlan, type NewPassword } from "./execute-plan.ts";
import { parseConfigText } from "./parse-text.ts";
import { readPbxFile, type SecretSource } from "./read-pbx-file.ts";
import type { PathError, Plan } from "./state.ts";

export type ConfigInput = {
  /** YAML or JSON text, or the already parsed document. */
  config: unknown;
  secrets: SecretSource;
  prune: boolean;
  /** The fingerprint of the plan that was reviewed: apply refuses to do anything else. */
  expect?: string;
};

export type EngineDeps = {
  db: Db;
  realm: string;
  secrets: SecretBox;
  now: () => Date;
  newPassword?: () => string;
};

export type ConfigOutcome =
  | { status: "invalid"; errors: PathError[] }
  | { status: "planned"; plan: Plan; fingerprint: string }
  | { status: "stale"; plan: Plan; fingerprint: string }
  | { status: "applied"; plan: Plan; fingerprint: string; passwords: NewPassword[] };

/** Carries an outcome out of a transaction that must not commit. */
class Rollback {
  constructor(readonly outcome: ConfigOutcome) {}
}

/**
 * Reads the current state, diffs, and runs the changes through the REST
 * queries, all in one IMMEDIATE transaction: no other write lands between
 * what the plan saw and what it changes. Committed only for an apply with no
 * error (and, when `expect` is given, with exactly the reviewed plan);
 * otherwise rolled back, which makes a plan a full dry run of its apply.
 */
function run(deps: EngineDeps, input: ConfigInput, commit: boolean, onApplied?: (tx: Tx, plan: Plan) => void): ConfigOutcome {
  const parsed = typeof input.config === "string" ? parseConfigText(input.config) : { ok: true as const, value: input.config };
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const read = readPbxFile(parsed.value, input.secrets);
  try {
    return inTransaction(deps.db, (tx) => {
      const current = readCurrentState({ db: tx, realm: deps.realm, secrets: deps.secrets });
      const { plan, errors } = diffState(read.desired, current, { prune: input.prune, unresolved: read.unresolved });
      const fingerprint = planFingerprint(plan);
      const context = { tx, realm: deps.realm, secrets: deps.secrets, now: deps.now(), newPassword: deps.newPassword ?? generatePassword };
      const executed = executePlan(context, plan.changes, read.desired, read.unresolved, current);
      const allErrors = [...read.errors, ...errors, ...executed.errors];
      if (allErrors.length > 0) throw new Rollback({ status: "invalid", errors: allErrors });
      if (!commit) throw new Rollback({ status: "planned", plan, fingerprint });
      if (input.expect !== undefined && input.expect !== fingerprint) throw new Rollback({ status: "stale", plan, fingerprint });
      if (plan.changes.length > 0) onApplied?.(tx, plan);
      return { status: "applied" as const, plan, fingerprint, passwords: executed.passwords };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome;
    throw err;
  }
}

export const planConfig = (deps: EngineDeps, input: ConfigInput) => run(deps, input, false);

export const applyConfig = (deps: EngineDeps, input: ConfigInput, onApplied?: (tx: Tx, plan: Plan) => void) =>
  run(deps, input, true, onApplied);
