import { join } from "node:path";
import type { VoicemailBox } from "../pbx/route-call.ts";
import { EXTENSION_NUMBER, HOST_NAME, isSafeDir } from "../pbx/safe-values.ts";
import { GREETING_FILE, VOICEMAIL_PROFILE } from "../pbx/voicemail.ts";
import type { Action } from "./dialplan-document.ts";
import { must } from "./unsafe-value.ts";

/**
 * The bridge's failures that send the caller to the box instead of ending
 * the call: nobody answered in the ring time, or no phone is registered.
 * Busy is not among them: a busy extension stays busy. With the variable set,
 * FreeSWITCH hangs up on any other cause as before (switch_channel.c).
 */
const TO_VOICEMAIL = ["NO_ANSWER", "NO_USER_RESPONSE", "USER_NOT_REGISTERED", "SUBSCRIBER_ABSENT"];

export const VOICEMAIL_AFTER_FAILED_BRIDGE: Action = ["set", `continue_on_fail=${TO_VOICEMAIL.join(",")}`];

/**
 * After the bridge failed: answer and leave a message in the box
 * (`voicemail <profile> <domain> <box>`). An uploaded greeting is played
 * instead of FreeSWITCH's "the person at extension … is not available";
 * mod_voicemail reads it from `voicemail_greeting_path` and falls back to its
 * own when the file is not there.
 */
export function voicemailLeaveActions(
  box: string,
  mailbox: VoicemailBox,
  opts: { domain: string; voicemailGreetings?: string },
  problems: string[],
): Action[] {
  must(EXTENSION_NUMBER.test(box), "voicemail box");
  must(HOST_NAME.test(opts.domain), "domain");
  const greeting: Action[] = [];
  if (mailbox.greeting !== null) {
    const dir = opts.voicemailGreetings;
    if (dir && isSafeDir(dir) && GREETING_FILE.test(mailbox.greeting)) {
      // The uploaded greeting asks for the message itself ("… after the tone"): no second prompt before the tone.
      greeting.push(["set", `voicemail_greeting_path=${join(dir, mailbox.greeting)}`], ["set", "skip_instructions=true"]);
    } else {
      problems.push("voicemail greeting has no safe path: FreeSWITCH's own is played");
    }
  }
  return [["answer"], ...greeting, ["voicemail", `${VOICEMAIL_PROFILE} ${opts.domain} ${box}`], ["hangup", "NORMAL_CLEARING"]];
}

/**
 * A phone's feature code: its own box (`box`; mod_voicemail asks for the
 * PIN) or any box (it asks for the box number first).
 */
export function voicemailCheckActions(box: string | undefined, opts: { domain: string }): Action[] {
  must(HOST_NAME.test(opts.domain), "domain");
  if (box !== undefined) must(EXTENSION_NUMBER.test(box), "voicemail box");
  const data = `check ${VOICEMAIL_PROFILE} ${opts.domain}${box === undefined ? "" : ` ${box}`}`;
  return [["answer"], ["sleep", "500"], ["voicemail", data], ["hangup", "NORMAL_CLEARING"]];
}
