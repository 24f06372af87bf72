import { describe, expect, test } from "bun:test";
import { dialledNumber, type LegProfile, legParties } from "./leg-parties.ts";

describe("dialledNumber", () => {
  test.each([
    ["1002%call.example.uz", "1002"],
    ["1002@call.example.uz", "1002"],
    ["sofia/internal/1002%call.example.uz", "1002"],
    ["sofia/internal/sip:1002@10.0.0.5:5060;fs_nat=yes", "1002"],
    ["internal/1002@10.0.0.5", "1002"],
    ["sofia/gateway/belluz/998901234567", "998901234567"],
    ["user/1002@call.example.uz", "1002"],
  ])("the dial string %s is the number %s", (raw, number) => {
    expect(dialledNumber(raw)).toBe(number);
  });

  test.each(["1002", "+998901234567", "998785553322", "service", "", "*97"])("%j is left as it is", (raw) => {
    expect(dialledNumber(raw)).toBe(raw);
  });
});

const leg = (over: Partial<LegProfile>): LegProfile => ({
  callerName: "",
  callerNumber: "",
  calleeName: "",
  calleeNumber: "",
  destination: "",
  originated: false,
  ...over,
});

describe("legParties", () => {
  test("a phone's call: the caller and the number it dialled", () => {
    expect(legParties(leg({ callerName: "Operator 1", callerNumber: "1001", destination: "1002", extension: "1001" }))).toEqual({
      number: "1001",
      name: "Operator 1",
      to: "1002",
    });
  });

  test("an extension's B leg shows the dialled extension, not sofia's dial string", () => {
    const b = leg({ callerName: "Operator 1", callerNumber: "1001", calleeName: "Outbound Call", calleeNumber: "1002%call.example.uz", destination: "1002%call.example.uz" });
    expect(legParties(b)).toEqual({ number: "1001", name: "Operator 1", to: "1002" });
  });

  test("a click-to-call ringing the agent reads agent → customer, before FreeSWITCH swaps caller and callee", () => {
    const ringing = leg({
      originated: true,
      extension: "1001",
      callerName: "Click-to-call",
      callerNumber: "998901234567",
      calleeName: "Operator 1",
      calleeNumber: "1001",
      destination: "1001%call.example.uz",
    });
    expect(legParties(ringing)).toEqual({ number: "1001", name: "Operator 1", to: "998901234567" });
  });

  test("after the swap the same leg reads the same way; FreeSWITCH's placeholder name and dial string are not shown", () => {
    const swapped = leg({
      originated: true,
      extension: "1001",
      callerName: "Outbound Call",
      callerNumber: "1001%call.example.uz",
      calleeName: "Click-to-call",
      calleeNumber: "998901234567",
      destination: "998901234567",
    });
    expect(legParties(swapped)).toEqual({ number: "1001", name: "", to: "998901234567" });
  });

  test("an originated leg whose callee is not the phone it rang is read as it stands", () => {
    const listenIn = leg({ originated: true, extension: "1005", callerName: "Listen-in", callerNumber: "1005", calleeNumber: "1005%d", destination: "1005%d" });
    expect(legParties(listenIn)).toEqual({ number: "1005", name: "Listen-in", to: "1005" });
    const noExtension = leg({ originated: true, callerNumber: "998901234567", calleeNumber: "1001", destination: "1001" });
    expect(legParties(noExtension)).toEqual({ number: "998901234567", name: "", to: "1001" });
  });
});
