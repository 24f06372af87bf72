import type { EslPort, EslResult } from "../../esl/port.ts";
import { CALLCENTER_LISTS, parseAgentList, parseQueueList, parseTierList } from "../../esl/parse-callcenter-lists.ts";
import type { Logger } from "../../log.ts";
import type { FreeswitchApplied } from "../gateways/schemas.ts";
import type { CallcenterCommand } from "./callcenter-commands.ts";
import { type HeldCallcenter, planReconcile, type WantedCallcenter } from "./reconcile-plan.ts";

export { callcenterCommands } from "./callcenter-commands.ts";

/**
 * mod_callcenter reads callcenter.conf (from callboard) only when it loads,
 * and keeps agents and tiers in its own database: after a committed change
 * callboard sends the callcenter_config commands that bring it in step
 * (callcenter-commands.ts), one list at a time in the order given.
 *
 * The database is the truth. On every ESL connect (callboard's start, a
 * FreeSWITCH restart, a dropped link) and after any command that failed,
 * callboard reconciles: it reads mod_callcenter's agents, tiers and queues
 * and sends what differs (reconcile-plan.ts). A failed reconcile stays owed
 * and is retried every `retryMs` while the link is up, and at the next
 * connect. Commands and reconciles never interleave, so a reconcile that
 * read the database before a REST change cannot undo that change.
 */
const COMMAND_TIMEOUT_MS = 5_000;
const RETRY_MS = 15_000;

const describeFailure = (r: Exclude<EslResult, { ok: true }>) => (r.kind === "error" ? `-ERR ${r.message}` : `${r.kind}: ${r.message}`);

export type CallcenterApplier = {
  /** Runs the commands in order, stopping at the first failure; a failure is made up for by a reconcile. */
  run(commands: readonly CallcenterCommand[]): Promise<FreeswitchApplied>;
  /** Brings mod_callcenter in step with the database now; resolves whether everything was applied (false if an unsafe value was left out). */
  reconcile(): Promise<boolean>;
  stop(): void;
};

export type CallcenterApplierDeps = {
  esl: EslPort;
  log: Logger;
  /** What mod_callcenter should hold, read from the database when a reconcile starts. */
  wanted: () => WantedCallcenter;
  retryMs?: number;
  /** Default setTimeout; tests pass their own to run a retry without waiting. */
  schedule?: (run: () => void, ms: number) => () => void;
};

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};

export function createCallcenterApplier(deps: CallcenterApplierDeps): CallcenterApplier {
  const { esl, log } = deps;
  const schedule = deps.schedule ?? defaultSchedule;
  let owed = false;
  let cancelRetry: (() => void) | undefined;
  let stopped = false;
  let tail: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work);
    tail = next.catch(() => {});
    return next;
  };

  const retryLater = () => {
    owed = true;
    if (stopped || cancelRetry || esl.status() !== "connected") return;
    cancelRetry = schedule(() => {
      cancelRetry = undefined;
      void reconcile();
    }, deps.retryMs ?? RETRY_MS);
  };

  const send = (command: { text: string; background?: true }): Promise<EslResult> =>
    command.background ? esl.bgapi(command.text, { timeout: COMMAND_TIMEOUT_MS }) : esl.api(command.text, { timeout: COMMAND_TIMEOUT_MS });

  /** Sends in order; the first failure ends the list and is returned. */
  const sendAll = async (commands: readonly { text: string }[]) => {
    for (const command of commands) {
      const result = await send(command);
      if (!result.ok) return { command: command.text, error: describeFailure(result) };
    }
    return undefined;
  };

  const run = (commands: readonly CallcenterCommand[]): Promise<FreeswitchApplied> => {
    const unsafe = commands.find((c) => "unsafe" in c);
    if (unsafe && "unsafe" in unsafe) {
      log.warn({ value: unsafe.unsafe }, "queue change not sent to FreeSWITCH: a stored value is not safe in an ESL command");
      return Promise.resolve({ applied: false, error: `unsafe value: ${unsafe.unsafe}` });
    }
    return exclusive(async () => {
      const failed = await sendAll(commands as { text: string }[]);
      if (!failed) return { applied: true };
      log.warn(failed, "queue change not applied in FreeSWITCH; reconciling later");
      retryLater();
      return { applied: false, error: failed.error, pending: true as const };
    });
  };

  const readHeld = async (): Promise<HeldCallcenter | string> => {
    const [agents, tiers, queues] = await Promise.all(
      [CALLCENTER_LISTS.agents, CALLCENTER_LISTS.tiers, CALLCENTER_LISTS.queues].map((c) => esl.api(c, { timeout: COMMAND_TIMEOUT_MS })),
    );
    for (const r of [agents, tiers, queues]) if (r && !r.ok) return describeFailure(r);
    const text = (r: EslResult | undefined) => (r?.ok ? r.value : "");
    const a = parseAgentList(text(agents));
    const t = parseTierList(text(tiers));
    const q = parseQueueList(text(queues));
    return { ...(a ? { agents: a } : {}), ...(t ? { tiers: t } : {}), ...(q ? { queues: q } : {}) };
  };

  const reconcile = (): Promise<boolean> =>
    exclusive(async () => {
      cancelRetry?.();
      cancelRetry = undefined;
      if (stopped) return false;
      const held = await readHeld();
      if (typeof held === "string") {
        log.warn({ error: held }, "cannot read mod_callcenter's agents, tiers and queues; reconciling later");
        retryLater();
        return false;
      }
      const plan = planReconcile(deps.wanted(), held);
      for (const c of plan) if ("unsafe" in c) log.warn({ value: c.unsafe }, "a stored queue value is not safe in an ESL command; left out of the reconcile");
      const commands = plan.filter((c): c is { text: string } => "text" in c);
      const failed = await sendAll(commands);
      if (failed) {
        log.warn(failed, "mod_callcenter reconcile failed; retrying");
        retryLater();
        return false;
      }
      const unsafe = plan.length - commands.length;
      if (unsafe > 0) {
        // No retry: the same rows would be left out again; the next connect tries once more.
        owed = true;
        log.warn({ commands: commands.map((c) => c.text), unsafe }, "mod_callcenter reconciled with the database except for values unsafe in an ESL command");
        return false;
      }
      if (commands.length > 0 || owed) log.info({ commands: commands.map((c) => c.text) }, "mod_callcenter reconciled with the database");
      owed = false;
      return true;
    });

  const offStatus = esl.onStatus((status) => {
    if (status === "connected") void reconcile();
  });

  return {
    run,
    reconcile,
    stop: () => {
      stopped = true;
      cancelRetry?.();
      offStatus();
    },
  };
}
