import { expect, test } from "bun:test";
import { dialplanDocument, dialplanDocumentDom, type Action, type Condition } from "./dialplan-document.ts";
import { HOSTILE } from "../../test/support/hostile-values.ts";

const actionSets: Action[][] = [
  [["hangup", "CALL_REJECTED"]],
  [["answer"]],
  [
    ["set_profile_var", "caller_id_name=Оператор Два"],
    ["set", "effective_caller_id_number=998785553322"],
    ["set", "hangup_after_bridge=true"],
    ["bridge", "{leg_timeout=30}user/1001@call.example.uz"],
    ["hangup", "NO_ANSWER"],
  ],
  HOSTILE.map((h) => ["set", h] as Action),
  HOSTILE.map((h) => [h, h] as Action),
  HOSTILE.map((h) => [h] as Action),
];

const conditions: Condition[] = [undefined, { field: "destination_number", expression: "^\\+998901234567$" }, ...HOSTILE.map((h) => ({ field: h, expression: h }))];

test("the dialplan templates render byte for byte what xmlbuilder2 builds, hostile values included", () => {
  for (const context of ["default", ...HOSTILE]) {
    for (const extension of ["to_1001", ...HOSTILE.slice(0, 3)]) {
      for (const condition of conditions) {
        for (const actions of actionSets) {
          expect(dialplanDocument(context, extension, condition, actions)).toBe(dialplanDocumentDom(context, extension, condition, actions));
        }
      }
    }
  }
});

test("a condition with no actions (no answer has one) is still xmlbuilder2's", () => {
  expect(dialplanDocument("default", "x", undefined, [])).toBe(dialplanDocumentDom("default", "x", undefined, []));
});
