import { create } from "xmlbuilder2";
import { isSafeDir } from "../pbx/safe-values.ts";
import { VOICEMAIL_PROFILE } from "../pbx/voicemail.ts";
import type { Rendered } from "./render-directory.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";

/**
 * mod_voicemail's profile (voicemail.conf, read by load_config at module load
 * and by get_profile whenever a profile is not loaded). Only what callboard
 * depends on is set; everything else keeps mod_voicemail's default.
 */
function profileParams(storageDir: string): [string, string][] {
  return [
    // Messages where callboard reads them: <storage-dir>/<domain>/<box>/msg_<uuid>.wav.
    ["storage-dir", storageDir],
    ["file-extension", "wav"],
    // The default (true) lets anyone into a box with no PIN and no hash; every box callboard enables has a PIN.
    ["allow-empty-password-auth", "false"],
    // A PIN kept in FreeSWITCH's own db never replaces the hash callboard holds; one typed on the phone is taken into callboard and blanked there (src/esl/voicemail-pin-listener.ts).
    ["db-password-override", "false"],
    ["max-login-attempts", "3"],
    ["min-record-len", "3"],
    ["max-record-len", "300"],
    // A pause to think is not the end of the message: stop after 4 s of silence, not 2.
    ["record-silence-threshold", "200"],
    ["record-silence-hits", "4"],
    ["send-full-vm-header", "false"],
  ];
}

/**
 * voicemail.conf: one profile, `default`, keeping messages under the
 * voicemail dir callboard serves them from. Undefined parts (an unsafe dir)
 * answer not found: FreeSWITCH then loads no profile and `voicemail` fails
 * loudly, instead of writing messages somewhere callboard does not look.
 */
export function renderVoicemailConf(storageDir: string): Rendered {
  if (!isSafeDir(storageDir)) {
    return { xml: NOT_FOUND_XML, problems: ["voicemail messages dir is not a plain absolute path: voicemail.conf not served"] };
  }
  const conf = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "configuration" })
    .ele("configuration", { name: "voicemail.conf", description: "Voicemail, from callboard" });
  conf.ele("settings");
  const profile = conf.ele("profiles").ele("profile", { name: VOICEMAIL_PROFILE });
  for (const [name, value] of profileParams(storageDir)) profile.ele("param", { name, value });
  return { xml: conf.doc().end({ headless: true }), problems: [] };
}
