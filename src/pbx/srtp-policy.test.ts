import { expect, test } from "bun:test";
import { srtpRefusal } from "./srtp-policy.ts";

test("only `require` refuses, and only a call a phone placed over TLS whose offer was plain RTP", () => {
  expect(srtpRefusal("require", { transport: "tls" })).toMatchObject({ kind: "reject", cause: "INCOMPATIBLE_DESTINATION" });
  expect(srtpRefusal("require", { transport: "TLS" })?.cause).toBe("INCOMPATIBLE_DESTINATION");
  expect(srtpRefusal("require", { transport: "tls", srtpSuite: "AES_CM_128_HMAC_SHA1_80" })).toBeUndefined();
  expect(srtpRefusal("require", { transport: "udp" })).toBeUndefined();
  expect(srtpRefusal("require", {})).toBeUndefined();
  expect(srtpRefusal("offer", { transport: "tls" })).toBeUndefined();
  expect(srtpRefusal("off", { transport: "tls" })).toBeUndefined();
});
