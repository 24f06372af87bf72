import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { plainEventHeaders, splitFrames } from "../../test/support/esl-test-client.ts";
import { registrationFields, type Registration } from "./sofia-model.ts";

const capturedFields = (name: string) => {
  const bytes = readFileSync(new URL(`../../test/fixtures/freeswitch/esl/frames/${name}`, import.meta.url));
  return plainEventHeaders(splitFrames(bytes)[0]!.body).slice(14);
};

const lab1001: Registration = {
  user: "1001",
  realm: "127.0.0.1",
  callId: "1-1664@127.0.0.1",
  networkIp: "127.0.0.1",
  networkPort: 5061,
  userAgent: "sipp-lab",
  expiresAt: 1795347982,
  expiresSeconds: 3600,
  callerIdName: "Lab 1001",
};

test("sofia::register carries the fields FreeSWITCH sends, in its order", () => {
  expect(registrationFields("register", lab1001)).toEqual(capturedFields("event_plain_sofia_register.frame"));
});

test("sofia::unregister says expires 0", () => {
  expect(registrationFields("unregister", { ...lab1001, callId: "1-1679@127.0.0.1" })).toEqual(capturedFields("event_plain_sofia_unregister.frame"));
});
