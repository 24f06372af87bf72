import { expect, test } from "bun:test";
import { continuesAfterFailure } from "./continue-on-fail.ts";

const vars = (entries: Record<string, string>) => new Map(Object.entries(entries));

test("unset, only a ring nobody answered (or a cancel) goes on to the next action", () => {
  expect(continuesAfterFailure("NO_ANSWER", vars({}))).toBe(true);
  expect(continuesAfterFailure("ORIGINATOR_CANCEL", vars({}))).toBe(true);
  expect(continuesAfterFailure("USER_BUSY", vars({}))).toBe(false);
  expect(continuesAfterFailure("USER_NOT_REGISTERED", vars({}))).toBe(false);
});

test("callboard's voicemail list: the causes named (or their numbers) go on, busy still hangs up", () => {
  const list = vars({ continue_on_fail: "NO_ANSWER,NO_USER_RESPONSE,USER_NOT_REGISTERED,SUBSCRIBER_ABSENT" });
  expect(continuesAfterFailure("USER_NOT_REGISTERED", list)).toBe(true);
  expect(continuesAfterFailure("SUBSCRIBER_ABSENT", list)).toBe(true);
  expect(continuesAfterFailure("USER_BUSY", list)).toBe(false);
  expect(continuesAfterFailure("USER_BUSY", vars({ continue_on_fail: "user_busy" }))).toBe(true);
  expect(continuesAfterFailure("USER_BUSY", vars({ continue_on_fail: "17" }))).toBe(true);
});

test("true goes on after anything, false after nothing, not even no answer; failure_causes overrides", () => {
  expect(continuesAfterFailure("CALL_REJECTED", vars({ continue_on_fail: "true" }))).toBe(true);
  expect(continuesAfterFailure("NO_ANSWER", vars({ continue_on_fail: "false" }))).toBe(false);
  expect(continuesAfterFailure("NO_ANSWER", vars({ continue_on_fail: "true", failure_causes: "USER_BUSY" }))).toBe(false);
});
