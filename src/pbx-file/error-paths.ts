import type { z } from "zod";
import type { PathError } from "./state.ts";

/** `["extensions", 3, "number"]` → `extensions[3].number` */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out || "file";
}

/** Messages for the mistakes a hand-written YAML file makes; the schemas' own messages win over these. */
export const fileErrorMap = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === "invalid_type" && issue.input === undefined) return "required";
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof issue.input === "number") {
    return `must be quoted ("${issue.input}", not ${issue.input}): YAML reads bare digits as a number`;
  }
  return undefined;
};

const CLEAR_PASSWORD = "a password in clear does not belong in the file: give a1Hash, or leave it out (kept if the extension exists, generated if new)";

/** Every issue, each with its full path; an unknown key is named itself, like the REST API does. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): PathError[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: key === "password" && path[0] === "extensions" ? CLEAR_PASSWORD : "unknown field",
      }));
    }
    return [{ path: formatPath(path), message: issue.message }];
  });
}
