import type { EslPort, EslResult } from "../../esl/port.ts";
import type { Logger } from "../../log.ts";
import type { FreeswitchApplied } from "./schemas.ts";

/**
 * Gateways live in sofia.conf, which FreeSWITCH fetches from callboard. After
 * a committed change these commands make the external profile pick it up
 * without a restart. Failures are reported, never undo the database change.
 */
export const gatewayCommands = {
  rescan: () => "sofia profile external rescan",
  kill: (name: string) => `sofia profile external killgw ${name}`,
  register: (name: string) => `sofia profile external register ${name}`,
};

const COMMAND_TIMEOUT_MS = 5_000;

export const describeFailure = (r: Exclude<EslResult, { ok: true }>) =>
  r.kind === "error" ? `-ERR ${r.message}` : `${r.kind}: ${r.message}`;

/** FreeSWITCH never heard the command: worth sending again once it is back. */
const unheard = (r: EslResult) => !r.ok && r.kind !== "error";

/**
 * Applies gateway changes, and remembers the ones FreeSWITCH could not hear
 * (disconnected, timed out) to replay them on the next ESL connect: killgw
 * for every gateway changed or deleted meanwhile, then one rescan.
 */
export function createGatewayApplier(esl: EslPort, log: Logger) {
  const toKill = new Set<string>();
  let rescanOwed = false;
  let replaying = false;

  const run = async (command: string): Promise<{ result: EslResult; applied: FreeswitchApplied }> => {
    const result = await esl.api(command, { timeout: COMMAND_TIMEOUT_MS });
    if (result.ok) return { result, applied: { applied: true } };
    const error = describeFailure(result);
    log.warn({ command, error }, "gateway change not applied in FreeSWITCH");
    return { result, applied: { applied: false, error, ...(unheard(result) ? { pending: true } : {}) } };
  };

  const kill = async (name: string) => {
    const { result, applied } = await run(gatewayCommands.kill(name));
    if (unheard(result)) toKill.add(name);
    else toKill.delete(name);
    return applied;
  };
  const rescan = async () => {
    const { result, applied } = await run(gatewayCommands.rescan());
    rescanOwed = unheard(result);
    return applied;
  };

  const replay = async () => {
    if (replaying || (toKill.size === 0 && !rescanOwed)) return;
    replaying = true;
    try {
      log.info({ killgw: [...toKill], rescan: rescanOwed }, "applying gateway changes made while FreeSWITCH was away");
      for (const name of [...toKill]) await kill(name);
      if (toKill.size === 0) await rescan();
    } finally {
      replaying = false;
    }
  };
  esl.onStatus((status) => {
    if (status === "connected") void replay();
  });

  return {
    created: async () => {
      rescanOwed = true;
      return rescan();
    },
    /** killgw drops the running gateway (an -ERR just means it was not loaded); rescan loads the new one. */
    updated: async (name: string) => {
      rescanOwed = true;
      const killed = await kill(name);
      if (!killed.applied && killed.pending) return killed;
      return rescan();
    },
    deleted: (name: string) => kill(name),
  };
}
