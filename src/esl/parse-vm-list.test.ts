import { expect, test } from "bun:test";
import { parseVmList } from "./parse-vm-list.ts";

const line = (name: string) =>
  `1796182030:0:1001:pbx.test:inbox:/var/lib/callboard/voicemail/messages/pbx.test/1001/msg_e6ace884-8047-4389-8ffa-1aa921cd5853.wav:e6ace884-8047-4389-8ffa-1aa921cd5853:${name}:998901112233:7`;

test("each line of vm_list is one message; a caller's name may hold colons", () => {
  const list = parseVmList(`${line("Qo'ng'iroq: Markazi")}\n${line("Шахноза")}\n`)!;
  expect(list.skipped).toBe(0);
  expect(list.messages[0]).toEqual({
    uuid: "e6ace884-8047-4389-8ffa-1aa921cd5853",
    createdEpoch: 1796182030,
    readEpoch: 0,
    box: "1001",
    domain: "pbx.test",
    folder: "inbox",
    path: "/var/lib/callboard/voicemail/messages/pbx.test/1001/msg_e6ace884-8047-4389-8ffa-1aa921cd5853.wav",
    callerIdName: "Qo'ng'iroq: Markazi",
    callerIdNumber: "998901112233",
    seconds: 7,
  });
  expect(list.messages[1]!.callerIdName).toBe("Шахноза");
});

test("a line that does not fit is skipped and counted, and -ERR is no list at all", () => {
  expect(parseVmList("1:2:3\nnot-a-line\n")).toEqual({ messages: [], skipped: 2 });
  expect(parseVmList("")).toEqual({ messages: [], skipped: 0 });
  expect(parseVmList("-ERR can't find user or profile.\n")).toBeUndefined();
});
