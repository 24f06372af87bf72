import { expect, test } from "bun:test";
import { recordingEsl } from "../../test/support/recording-esl.ts";
import { createLogger } from "../log.ts";
import { createFreeswitchUserCache, flushFreeswitchUser } from "./freeswitch-user-cache.ts";


const log = createLogger("silent");

test("one user is flushed by the key sofia and user/N look it up by: id, number, domain", async () => {
  const { esl, commands } = recordingEsl();
  expect(await flushFreeswitchUser(esl, log, "pbx.test", "1001")).toBe(true);
  expect(commands).toEqual(["xml_flush_cache id 1001 pbx.test"]);
});

test("nothing that could carry a second command reaches the event socket", async () => {
  const { esl, commands } = recordingEsl();
  expect(await flushFreeswitchUser(esl, log, "pbx.test", "1001\n\napi shutdown")).toBe(false);
  expect(await flushFreeswitchUser(esl, log, "pbx.test x", "1001")).toBe(false);
  expect(commands).toEqual([]);
});

test("a flush FreeSWITCH did not confirm is reported as such, never thrown", async () => {
  const { esl } = recordingEsl(() => ({ ok: false, kind: "disconnected", message: "not connected" }));
  expect(await flushFreeswitchUser(esl, log, "pbx.test", "1001")).toBe(false);
});

test("every (re)connect flushes every user: changes made while FreeSWITCH was away are not served from its cache", () => {
  const { esl, commands, setStatus } = recordingEsl();
  const cache = createFreeswitchUserCache(esl, log, "pbx.test");
  setStatus("disconnected");
  setStatus("connected");
  expect(commands).toEqual(["xml_flush_cache"]);
  cache.stop();
});

test("a user whose phones changed is flushed at once and once more a second later", async () => {
  const { esl, commands } = recordingEsl();
  const cache = createFreeswitchUserCache(esl, log, "pbx.test");
  cache.contactsChanged("1001");
  cache.contactsChanged("1001");
  expect(commands).toEqual(["xml_flush_cache id 1001 pbx.test", "xml_flush_cache id 1001 pbx.test"]);
  await Bun.sleep(1_100);
  expect(commands.slice(2)).toEqual(["xml_flush_cache id 1001 pbx.test"]);
  cache.stop();
});
