import { describe, expect, test } from "bun:test";
import { zDestinationUnion } from "./destinations.ts";

const spec = { component: "TestDestination", description: "test", example: { type: "extension", target: "1001" }, targets: { extension: { example: "1001" }, queue: { example: "support" } } } as const;
const zTest = zDestinationUnion(["extension", "queue", "hangup"], { ...spec, hangup: "NORMAL_CLEARING" });
const issue = (input: unknown) => {
  const r = zTest.safeParse(input);
  return r.success ? undefined : { path: r.error.issues[0]!.path.join("."), message: r.error.issues[0]!.message };
};

describe("a destination union built from the kinds a resource allows", () => {
  test("takes only its own kinds; any other, a gateway included, fails on type", () => {
    expect(zTest.parse({ type: "queue", target: "support" })).toEqual({ type: "queue", target: "support" });
    for (const type of ["ring_group", "ivr", "time_condition", "gateway"]) expect(issue({ type, target: "sales" })?.path).toBe("type");
  });

  test("each kind's target keeps its pattern and message; unknown keys are refused", () => {
    expect(issue({ type: "extension", target: "998901234567" })).toEqual({ path: "target", message: "must be 2 to 6 digits" });
    expect(issue({ type: "queue", target: "Support!" })).toEqual({ path: "target", message: "must be 1-32 of a-z 0-9 _ -" });
    expect(issue({ type: "queue", target: "support", via: "x" })?.path).toBe("");
  });

  test("a hang-up without a cause takes the resource's own default", () => {
    expect(zTest.parse({ type: "hangup" })).toEqual({ type: "hangup", target: "NORMAL_CLEARING" });
    const noAnswer = zDestinationUnion(["hangup"], { ...spec, example: { type: "hangup", target: "NO_ANSWER" }, targets: {} });
    expect(noAnswer.parse({ type: "hangup" })).toEqual({ type: "hangup", target: "NO_ANSWER" });
  });
});
