/**
 * A write the stored data does not allow: the row is missing, the key is
 * taken or still referred to, or a field refers to nothing. `field` is the
 * path the REST API and the PBX file both name (`destination.target`); the
 * API answers 404 / 409 / 422, a plan lists it under the file's entry.
 */
export class WriteRefused extends Error {
  constructor(
    readonly reason: "missing" | "conflict" | "invalid",
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const missing = (what: string, key: string) => new WriteRefused("missing", `${what} ${key} does not exist`);
export const conflicting = (message: string, field?: string) => new WriteRefused("conflict", message, field);
export const invalidReference = (field: string, message: string) => new WriteRefused("invalid", message, field);
