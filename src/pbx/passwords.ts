import { createHash, randomInt } from "node:crypto";
import { FORBIDDEN_CHARS } from "./safe-values.ts";

/**
 * SIP digest HA1 as FreeSWITCH's directory `a1-hash` expects it:
 * md5(`user:realm:password`). Storing this instead of the password means a
 * database leak does not hand out working credentials for other realms.
 */
export const a1Hash = (number: string, realm: string, password: string): string =>
  createHash("md5").update(`${number}:${realm}:${password}`).digest("hex");

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
const GENERATED_LENGTH = 16;
/** No 0/O, 1/l/I: operators type these into MicroSIP from a screen or a sheet of paper. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const CONTROL_CHARS = /\p{Cc}/u;

/** Why a SIP password for this extension is refused, or undefined when it is acceptable. */
export function passwordWeakness(number: string, password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (CONTROL_CHARS.test(password)) return "must not contain control characters or newlines";
  if (password === number) return "must not be the extension number";
  if (/^\d+$/.test(password)) return "must not be digits only";
  return undefined;
}

/** A password that always passes `passwordWeakness`: about 94 bits from an unambiguous alphabet. */
export function generatePassword(): string {
  for (;;) {
    let out = "";
    for (let i = 0; i < GENERATED_LENGTH; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    // Mixed classes make it survive providers' and phones' "must contain a digit" rules too.
    if (/\d/.test(out) && /[A-Z]/.test(out) && /[a-z]/.test(out)) return out;
  }
}

/**
 * Why a provider (gateway) password is refused. FreeSWITCH must get it back in
 * clear inside sofia.conf, where `$${…}` would be expanded by its preprocessor,
 * so the characters that carry FreeSWITCH syntax are refused here as in names.
 */
export function gatewayPasswordProblem(password: string): string | undefined {
  if (password.length < 1) return "must not be empty";
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (CONTROL_CHARS.test(password) || /\s/.test(password)) return "must not contain spaces, control characters or newlines";
  if (FORBIDDEN_CHARS.test(password)) return "must not contain $ { } < > \" ' | , ; \\ or `";
  return undefined;
}
