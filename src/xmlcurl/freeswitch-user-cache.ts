import type { EslPort } from "../esl/port.ts";
import type { Logger } from "../log.ts";
import { EXTENSION_NUMBER, HOST_NAME } from "../pbx/safe-values.ts";

/**
 * FreeSWITCH keeps each user callboard hands out (`cacheable`, see
 * USER_CACHE_MS): these commands make it forget. The key is what sofia and
 * `user/N@domain` look users up by: `id`, the number, the SIP domain
 * (switch_xml_clear_user_cache; mod_commands' `xml_flush_cache <key> <user>
 * <domain>`). Without arguments it forgets every user.
 */
export const flushCommands = {
  user: (number: string, domain: string) => `xml_flush_cache id ${number} ${domain}`,
  all: () => "xml_flush_cache",
};

/** A flush is quick in FreeSWITCH (a hash delete); waiting longer only holds up an admin's API call. */
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Makes FreeSWITCH forget one user at once, so its next REGISTER or call is
 * asked of callboard again. Resolves whether FreeSWITCH confirmed; a failure
 * is logged and never throws: the database change stands, and a lost flush
 * is made good by the full flush on every ESL (re)connect.
 */
export async function flushFreeswitchUser(esl: EslPort, log: Logger, domain: string, number: string): Promise<boolean> {
  // Only values that cannot carry a second command line reach the event socket.
  if (!EXTENSION_NUMBER.test(number) || !HOST_NAME.test(domain)) return false;
  return run(esl, log, flushCommands.user(number, domain));
}

async function run(esl: EslPort, log: Logger, command: string): Promise<boolean> {
  const result = await esl.api(command, { timeout: FLUSH_TIMEOUT_MS });
  if (result.ok) return true;
  log.warn({ command, error: `${result.kind}: ${result.message}` }, "FreeSWITCH may still hold an old copy of a user");
  return false;
}

/** A registration answered just before a contact changed may be cached just after its flush. */
const REFLUSH_AFTER_MS = 1_000;

export type FreeswitchUserCache = {
  /** After a change of the user's contacts: flush now, and once more in a second. */
  contactsChanged(number: string): void;
  stop(): void;
};

/**
 * The flushes that follow the live state rather than the API: every user at
 * each ESL (re)connect (FreeSWITCH may have cached users while callboard was
 * away or a flush was lost), and one user whenever its registered contacts
 * change (they are in the cached dial string that `user/N` rings).
 */
export function createFreeswitchUserCache(esl: EslPort, log: Logger, domain: string): FreeswitchUserCache {
  const again = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const offStatus = esl.onStatus((status) => {
    if (status === "connected") void run(esl, log, flushCommands.all());
  });
  const reflush = () => {
    timer = undefined;
    const users = [...again];
    again.clear();
    // Gone meanwhile: the flush of everything at the next connect covers them.
    if (esl.status() !== "connected") return;
    for (const number of users) void flushFreeswitchUser(esl, log, domain, number);
  };
  return {
    contactsChanged(number) {
      if (esl.status() !== "connected") return;
      void flushFreeswitchUser(esl, log, domain, number);
      again.add(number);
      timer ??= setTimeout(reflush, REFLUSH_AFTER_MS);
      timer.unref?.();
    },
    stop() {
      offStatus();
      if (timer) clearTimeout(timer);
    },
  };
}
