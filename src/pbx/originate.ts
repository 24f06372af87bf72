import { EXTENSION_NUMBER, HOST_NAME, PHONE_NUMBER } from "./safe-values.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`refusing to build an originate with an unsafe ${what}`);
}

export type ClickToCall = {
  /** Chosen by callboard and returned to the client at once; it becomes the call's id. */
  uuid: string;
  extension: string;
  to: string;
  domain: string;
  ringTimeoutSeconds: number;
};

/**
 * Click-to-call, as one `bgapi` command:
 *
 *   originate {origination_uuid=<uuid>,origination_caller_id_number=<to>,
 *     origination_caller_id_name=Click-to-call,callboard_caller=<ext>,
 *     ignore_early_media=true,originate_timeout=<ring>}user/<ext>@<domain> <to> XML default
 *
 * The agent's phone rings first (showing the number it is about to call);
 * once it answers, the leg enters the dialplan in context `default` with
 * destination <to>, so the same routes, classes and caller ids apply as if
 * the agent had dialled. `callboard_caller` tells the dialplan who the
 * caller is: only an originate can set it. `ignore_early_media` keeps the
 * agent's leg from counting a 183 as answered.
 */
export function clickToCallCommand(o: ClickToCall): string {
  check(UUID.test(o.uuid), "uuid");
  check(EXTENSION_NUMBER.test(o.extension), "extension");
  check(PHONE_NUMBER.test(o.to), "destination");
  check(HOST_NAME.test(o.domain), "domain");
  check(Number.isInteger(o.ringTimeoutSeconds) && o.ringTimeoutSeconds > 0, "ring timeout");
  const vars = [
    `origination_uuid=${o.uuid}`,
    `origination_caller_id_number=${o.to}`,
    "origination_caller_id_name=Click-to-call",
    `callboard_caller=${o.extension}`,
    "ignore_early_media=true",
    `originate_timeout=${o.ringTimeoutSeconds}`,
  ];
  return `originate {${vars.join(",")}}user/${o.extension}@${o.domain} ${o.to} XML default`;
}

export type ListenIn = { uuid: string; extension: string; target: string; domain: string; ringTimeoutSeconds: number };

/**
 * Listen in: ring the supervisor's phone and, once answered, eavesdrop on
 * the target leg (hear both sides, not heard by them):
 *
 *   originate {origination_uuid=<uuid>,origination_caller_id_number=<ext>,
 *     origination_caller_id_name=Listen-in,originate_timeout=<ring>}user/<ext>@<domain> &eavesdrop(<target>)
 */
export function listenInCommand(o: ListenIn): string {
  check(UUID.test(o.uuid) && UUID.test(o.target), "uuid");
  check(EXTENSION_NUMBER.test(o.extension), "extension");
  check(HOST_NAME.test(o.domain), "domain");
  check(Number.isInteger(o.ringTimeoutSeconds) && o.ringTimeoutSeconds > 0, "ring timeout");
  const vars = [
    `origination_uuid=${o.uuid}`,
    `origination_caller_id_number=${o.extension}`,
    "origination_caller_id_name=Listen-in",
    `originate_timeout=${o.ringTimeoutSeconds}`,
  ];
  return `originate {${vars.join(",")}}user/${o.extension}@${o.domain} &eavesdrop(${o.target})`;
}
