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

export function createGatewayApplier(esl: EslPort, log: Logger) {
  const run = async (command: string): Promise<FreeswitchApplied> => {
    const result = await esl.api(command, { timeout: COMMAND_TIMEOUT_MS });
    if (result.ok) return { applied: true };
    const error = describeFailure(result);
    log.warn({ command, error }, "gateway change not applied in FreeSWITCH");
    return { applied: false, error };
  };

  return {
    created: () => run(gatewayCommands.rescan()),
    /** killgw drops the running gateway (an -ERR just means it was not loaded); rescan loads the new one. */
    updated: async (name: string) => {
      await run(gatewayCommands.kill(name));
      return run(gatewayCommands.rescan());
    },
    deleted: (name: string) => run(gatewayCommands.kill(name)),
  };
}
