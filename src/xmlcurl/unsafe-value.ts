/**
 * A value that failed its pattern where the XML is made: a row forced into
 * the database behind the API's back. The renderer that meets one refuses
 * the whole call instead of letting FreeSWITCH see it.
 */
export class UnsafeValue extends Error {}

export function must(ok: boolean, what: string): void {
  if (!ok) throw new UnsafeValue(what);
}
