/** Uzbekistan: country code 998, national significant numbers of 9 digits. */
export const COUNTRY_CODE = "998";
const NATIONAL_DIGITS = 9;

/**
 * A DID as stored and looked up: digits only, with the country code.
 * Providers send `+998785553322`, `998785553322` or the 9-digit local form
 * `785553322`; all three are the same DID. Returns undefined for anything
 * that is not a phone number at all.
 */
export function normalizeDid(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!/^\+?\d{1,20}$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/^\+/, "");
  if (digits.length === NATIONAL_DIGITS) return COUNTRY_CODE + digits;
  return digits;
}
