/**
 * A PIN changed from the phone (mod_voicemail's menu: 5, then 6). mod_voicemail
 * (voicemail_check_main, v1.10.12) reads the new PIN, looks the box's user up
 * in the directory with `VM-Action=change-password` and `VM-User-Password`
 * among the lookup's params, refuses the change when the user it gets back
 * carries `<result success="false"/>`, and otherwise writes the PIN in
 * plaintext into its own voicemail_prefs table and fires CUSTOM
 * `vm::maintenance` with the same headers.
 *
 * callboard stays the only truth: the directory answer refuses a PIN the
 * REST API would refuse, and the event makes callboard store the new PIN's
 * vm-a1-hash and blank mod_voicemail's plaintext copy, which it would
 * otherwise accept beside the hash forever.
 */
import { EXTENSION_NUMBER, HOST_NAME } from "./safe-values.ts";
import { pinWeakness, voicemailPinHash, VOICEMAIL_PROFILE } from "./voicemail.ts";

export const VM_MAINTENANCE = "vm::maintenance";

/** What the phone's change asks of callboard. */
export type PhonePinDecision =
  | { kind: "store"; box: string; pinHash: string; actor: string }
  | { kind: "refuse"; box: string; reason: string; actor: string }
  | { kind: "ignore"; reason: string };

/**
 * Who changed it, for the audit log: the phone sofia authenticated (`*97`
 * from 1001 is `phone 1001`); a caller who reached the box otherwise proved
 * only that they knew its PIN.
 */
function actorOf(h: Readonly<Record<string, string | undefined>>): string {
  const user = h.variable_user_name;
  return h.variable_sip_authorized === "true" && user !== undefined && EXTENSION_NUMBER.test(user) ? `phone ${user}` : "phone (box PIN)";
}

/** Who the audit names for a PIN found in mod_voicemail's table at reconnect: typed on a phone callboard did not hear. */
export const UNHEARD_PHONE = "phone (while callboard was away)";

/** mod_voicemail's own copy of a box's PIN (`vm_prefs`; an empty one answers `-ERR no reply`). */
export function freeswitchPinCommand(box: string, domain: string): string {
  if (!EXTENSION_NUMBER.test(box) || !HOST_NAME.test(domain)) throw new Error("box or domain unsafe for an api command");
  return `vm_prefs ${VOICEMAIL_PROFILE}/${box}@${domain}|password`;
}

/** The decision for one vm::maintenance event's headers; `domain` is callboard's SIP domain; `who` names the actor when the headers cannot. */
export function phonePinChange(h: Readonly<Record<string, string | undefined>>, domain: string, who?: string): PhonePinDecision {
  if (h["VM-Action"] !== "change-password") return { kind: "ignore", reason: "not a PIN change" };
  const box = h["VM-User"] ?? "";
  if (!EXTENSION_NUMBER.test(box)) return { kind: "ignore", reason: "VM-User is not an extension number" };
  if ((h["VM-Domain"] ?? "").toLowerCase() !== domain.toLowerCase()) return { kind: "ignore", reason: "VM-Domain is not callboard's domain" };
  const actor = who ?? actorOf(h);
  const weakness = pinWeakness(box, h["VM-User-Password"] ?? "");
  if (weakness) return { kind: "refuse", box, reason: `pin ${weakness}`, actor };
  return { kind: "store", box, pinHash: voicemailPinHash(box, domain, h["VM-User-Password"]!), actor };
}

/**
 * Blanks mod_voicemail's own copy of a box's PIN (vm_fsdb_pref_password_set;
 * `''` is FreeSWITCH's quoting for an empty argument). With it blank and
 * `db-password-override=false`, only the directory's vm-a1-hash lets a caller in.
 */
export function clearFreeswitchPinCommand(box: string, domain: string): string {
  if (!EXTENSION_NUMBER.test(box) || !HOST_NAME.test(domain)) throw new Error("box or domain unsafe for an api command");
  return `vm_fsdb_pref_password_set ${VOICEMAIL_PROFILE} ${domain} ${box} ''`;
}
