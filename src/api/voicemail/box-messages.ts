import type { AppDeps } from "../../http/deps.ts";
import { parseVmList, type VoicemailMessage } from "../../esl/parse-vm-list.ts";
import { EXTENSION_NUMBER, HOST_NAME } from "../../pbx/safe-values.ts";
import { VOICEMAIL_PROFILE } from "../../pbx/voicemail.ts";
import { ApiError, notFound } from "../errors.ts";
import { unwrap } from "../live/esl-failure.ts";

/** `vm_list` and `vm_delete` take a second; longer only holds up the admin. */
const TIMEOUT_MS = 5_000;

/**
 * A box's messages as mod_voicemail keeps them, through its API commands
 * (`vm_list`, `vm_delete`): its sqlite database stays the one truth, and a
 * delete also updates the phone's message-waiting light.
 */
export function createBoxMessages(deps: Pick<AppDeps, "esl" | "log" | "config">) {
  const { domain } = deps.config;
  // Only values that cannot carry a second command line reach the event socket.
  const account = (box: string) => {
    if (!EXTENSION_NUMBER.test(box) || !HOST_NAME.test(domain)) throw new ApiError(422, "invalid", "number: not a box number", "number");
    return `${box}@${domain}/${VOICEMAIL_PROFILE}`;
  };

  async function list(box: string): Promise<VoicemailMessage[]> {
    const result = await deps.esl.api(`vm_list ${account(box)}`, { timeout: TIMEOUT_MS });
    // An api command that prints nothing (a box with no messages) reaches ESL as `-ERR no reply` (mod_event_socket).
    const reply = !result.ok && result.kind === "error" && result.message === "no reply" ? "" : unwrap(result);
    const parsed = parseVmList(reply);
    if (!parsed) throw new ApiError(502, "freeswitch_error", `FreeSWITCH: ${reply.split("\n")[0]}`);
    if (parsed.skipped > 0) deps.log.warn({ box, skipped: parsed.skipped }, "vm_list lines callboard could not read were left out");
    // The reply holds only this box's rows, but what it says is checked rather than trusted.
    return parsed.messages.filter((m) => m.box === box).sort((a, b) => b.createdEpoch - a.createdEpoch);
  }

  /** The message, if it is this box's: vm_delete by uuid alone would delete any box's. */
  async function find(box: string, uuid: string): Promise<VoicemailMessage> {
    const message = (await list(box)).find((m) => m.uuid === uuid.toLowerCase());
    if (!message) throw notFound(`voicemail message of ${box}`, uuid);
    return message;
  }

  async function remove(box: string, uuid: string): Promise<void> {
    unwrap(await deps.esl.api(`vm_delete ${account(box)} ${uuid}`, { timeout: TIMEOUT_MS }));
  }

  return { list, find, remove };
}
