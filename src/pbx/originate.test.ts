import { expect, test } from "bun:test";
import { clickToCallCommand, listenInCommand } from "./originate.ts";

const uuid = "0b0e4a56-3a52-4c3e-9d55-51f1c1f0a001";

test("click-to-call rings the agent first, then dials the number through context default", () => {
  expect(clickToCallCommand({ uuid, extension: "1001", to: "998901234567", domain: "call.example.uz", ringTimeoutSeconds: 30 })).toBe(
    "originate {origination_uuid=0b0e4a56-3a52-4c3e-9d55-51f1c1f0a001,origination_caller_id_number=998901234567," +
      "origination_caller_id_name=Click-to-call,callboard_caller=1001,ignore_early_media=true,originate_timeout=30}" +
      "user/1001@call.example.uz 998901234567 XML default",
  );
});

test("nothing that could break out of the originate string is accepted", () => {
  const base = { uuid, extension: "1001", to: "998901234567", domain: "call.example.uz", ringTimeoutSeconds: 30 };
  expect(() => clickToCallCommand({ ...base, to: "998,origination_uuid=x" })).toThrow();
  expect(() => clickToCallCommand({ ...base, extension: "1001}user/1002" })).toThrow();
  expect(() => clickToCallCommand({ ...base, domain: "a b" })).toThrow();
  expect(() => clickToCallCommand({ ...base, uuid: "${x}" })).toThrow();
});

test("listen-in rings the supervisor into eavesdrop on the leg", () => {
  const target = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";
  expect(listenInCommand({ uuid, extension: "1005", target, domain: "call.example.uz", ringTimeoutSeconds: 30 })).toBe(
    "originate {origination_uuid=0b0e4a56-3a52-4c3e-9d55-51f1c1f0a001,origination_caller_id_number=1005," +
      "origination_caller_id_name=Listen-in,originate_timeout=30}user/1005@call.example.uz &eavesdrop(54807b2f-14e1-4eb5-ba4e-90a8f74ada69)",
  );
});
