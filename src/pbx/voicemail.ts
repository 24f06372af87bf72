import { createHash } from "node:crypto";

/**
 * Voicemail boxes, the pure rules. FreeSWITCH's mod_voicemail keeps the
 * messages; callboard decides who has a box, its PIN and its greeting, and
 * routes unanswered calls and the feature codes to it.
 */

/** The mod_voicemail profile callboard serves in voicemail.conf and names in every `voicemail` call. */
export const VOICEMAIL_PROFILE = "default";

/**
 * The codes a phone dials to reach voicemail, FusionPBX's: `*97` its own box
 * (asks for the PIN), `*98` any box (asks for the box number, then its PIN).
 */
export const VOICEMAIL_CODES = { ownBox: "*97", anyBox: "*98" } as const;

/**
 * The directory's `vm-a1-hash`: mod_voicemail (voicemail_check_main) computes
 * md5(`<box>:<domain>:<PIN typed>`) and compares it with this, so the PIN
 * itself never has to be stored or sent.
 */
export const voicemailPinHash = (box: string, domain: string, pin: string): string =>
  createHash("md5").update(`${box}:${domain}:${pin}`).digest("hex");

export const PIN_HASH = /^[0-9a-f]{32}$/;
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 12;

/** Why a PIN for this box is refused, or undefined when it is acceptable. */
export function pinWeakness(box: string, pin: string): string | undefined {
  if (!/^\d+$/.test(pin)) return "must be digits only (it is typed on a phone's keypad)";
  if (pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH) return `must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits`;
  if (pin === box) return "must not be the extension number";
  if (/^(\d)\1*$/.test(pin)) return "must not be one digit repeated";
  if ("01234567890123456789".includes(pin) || "98765432109876543210".includes(pin)) return "must not be a run of consecutive digits";
  return undefined;
}

/**
 * A greeting's file name in the greetings dir: the box, a stamp and a nonce,
 * so a new upload never overwrites the file a call may be playing, nor
 * another upload's (two in one millisecond, or under a fixed clock).
 */
export const GREETING_FILE = /^\d{2,6}-[0-9a-z]{1,32}\.wav$/;

/** `nonce`: a few random [0-9a-f] characters, drawn by the caller (this module stays pure). */
export const greetingFileName = (box: string, stamp: number, nonce: string): string => `${box}-${stamp.toString(36)}${nonce}.wav`;

/** Which voicemail feature code a phone dialled, if any. */
export function voicemailCode(dialled: string): "ownBox" | "anyBox" | undefined {
  if (dialled === VOICEMAIL_CODES.ownBox) return "ownBox";
  if (dialled === VOICEMAIL_CODES.anyBox) return "anyBox";
  return undefined;
}
