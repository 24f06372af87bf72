import { expect, test } from "bun:test";
import { srtpRefusal } from "./srtp-policy.ts";

test("only `require` refuses, and only a call a phone placed over TLS whose offer was plain RTP", () => {
  expect(srtpRefusal("require", { media: { transport: "tls" } })).toMatchObject({ kind: "reject", cause: "INCOMPATIBLE_DESTINATION" });
  expect(srtpRefusal("require", { media: { transport: "TLS" } })?.cause).toBe("INCOMPATIBLE_DESTINATION");
  expect(srtpRefusal("require", { media: { transport: "tls", srtpSuite: "AES_CM_128_HMAC_SHA1_80" } })).toBeUndefined();
  expect(srtpRefusal("require", { media: { transport: "udp" } })).toBeUndefined();
  expect(srtpRefusal("require", { media: {} })).toBeUndefined();
  expect(srtpRefusal("offer", { media: { transport: "tls" } })).toBeUndefined();
  expect(srtpRefusal("off", { media: { transport: "tls" } })).toBeUndefined();
});
