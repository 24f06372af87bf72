import { expect, test } from "bun:test";
import { CommandReader } from "./command-reader.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

test("a command without its blank line waits for more bytes", () => {
  const reader = new CommandReader(1024);
  expect(reader.push(bytes("api status\n")).commands).toEqual([]);
  const { commands } = reader.push(bytes("\n"));
  expect(commands.map((c) => c.line)).toEqual(["api status"]);
});

test("headers are read case-insensitively and a Content-Length body is taken by bytes", () => {
  const reader = new CommandReader(1024);
  const body = "Оператор";
  const { commands } = reader.push(bytes(`sendmsg abc\r\nCall-Command: hangup\r\nContent-Length: ${bytes(body).length}\r\n\r\n${body}exit\n\n`));
  expect(commands[0]?.headers.get("call-command")).toBe("hangup");
  expect(commands[0]?.body).toBe(body);
  expect(commands[1]?.line).toBe("exit");
});

test("stray newlines between commands are skipped, as mod_event_socket does", () => {
  const reader = new CommandReader(1024);
  expect(reader.push(bytes("\n\r\n\nnoevents\n\n")).commands.map((c) => c.line)).toEqual(["noevents"]);
});

test("a header block beyond the limit is reported as oversize", () => {
  const reader = new CommandReader(16);
  expect(reader.push(bytes("api " + "x".repeat(32))).oversize).toBe(true);
});
