import type { EslPort, EslResult } from "../../esl/port.ts";
import type { Logger } from "../../log.ts";
import type { AgentStatus } from "../../pbx/queues.ts";
import type { FreeswitchApplied } from "../gateways/schemas.ts";

/**
 * mod_callcenter reads callcenter.conf (from callboard) only when it loads,
 * and keeps agents and tiers in its own database: after a committed change
 * these commands bring it in step without reloading the module.
 *
 * - `queue reload Q` unloads the queue and loads it again from
 *   callcenter.conf, which also adds or updates every agent in the file and
 *   adds the queue's tiers (load_queue with agents and tiers). Tiers taken
 *   out of a queue are not removed by it: `tier del Q A` does that.
 * - `agent reload A` adds or updates one agent from the file (contact,
 *   status, wrap-up); `agent set status A 'On Break'` changes the status
 *   alone, with the quotes keeping the space in one argument.
 *
 * When FreeSWITCH does not hear a command (disconnected, timed out) the next
 * connection runs `reload mod_callcenter`, which reads everything again
 * (callcenter.conf truncates agents and tiers on load).
 */
export const callcenterCommands = {
  reloadQueue: (queue: string) => `callcenter_config queue reload ${queue}`,
  unloadQueue: (queue: string) => `callcenter_config queue unload ${queue}`,
  delTier: (queue: string, agent: string) => `callcenter_config tier del ${queue} ${agent}`,
  reloadAgent: (agent: string) => `callcenter_config agent reload ${agent}`,
  delAgent: (agent: string) => `callcenter_config agent del ${agent}`,
  setStatus: (agent: string, status: AgentStatus) => `callcenter_config agent set status ${agent} '${status}'`,
  reloadModule: () => "reload mod_callcenter",
};

const COMMAND_TIMEOUT_MS = 5_000;

const describeFailure = (r: Exclude<EslResult, { ok: true }>) => (r.kind === "error" ? `-ERR ${r.message}` : `${r.kind}: ${r.message}`);

export type CallcenterApplier = {
  /** Runs the commands in order, stopping at the first failure. */
  run(commands: readonly string[]): Promise<FreeswitchApplied>;
};

export function createCallcenterApplier(esl: EslPort, log: Logger): CallcenterApplier {
  let reloadOwed = false;
  let replaying = false;

  const run = async (commands: readonly string[]): Promise<FreeswitchApplied> => {
    for (const command of commands) {
      const result = await esl.api(command, { timeout: COMMAND_TIMEOUT_MS });
      if (result.ok) continue;
      const error = describeFailure(result);
      log.warn({ command, error }, "queue change not applied in FreeSWITCH");
      if (result.kind === "error") return { applied: false, error };
      reloadOwed = true;
      return { applied: false, error, pending: true };
    }
    return { applied: true };
  };

  esl.onStatus((status) => {
    if (status !== "connected" || !reloadOwed || replaying) return;
    replaying = true;
    reloadOwed = false;
    log.info("applying queue changes made while FreeSWITCH was away: reload mod_callcenter");
    void run([callcenterCommands.reloadModule()]).finally(() => (replaying = false));
  });
  return { run };
}
