import { expect, test } from "bun:test";
import { contactTransport } from "./sip-transport.ts";

test.each([
  ["sip:1001@192.168.1.20:5060", "udp"],
  ["sip:1001@10.0.0.7:5062;transport=tcp;rinstance=8f2a1c", "tcp"],
  ['"" <sip:1001@203.0.113.9:41234;transport=TLS;fs_nat=yes>', "tls"],
  ["sofia/internal/sips:1001@203.0.113.9:41234", "tls"],
  ["sip:1001@host;transport=wss", "wss"],
  ["sip:1001@host;x=transport=tls", "udp"],
])("%s is %s", (contact, transport) => {
  expect(contactTransport(contact)).toBe(transport as ReturnType<typeof contactTransport>);
});
