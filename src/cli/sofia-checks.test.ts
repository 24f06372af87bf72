import { describe, expect, test } from "bun:test";
import { judgeSofia } from "./sofia-checks.ts";

describe("what FreeSWITCH and the running callboard say", () => {
  const status = (rows: string[]) =>
    ["                     Name\t   Type\t                                      Data\tState", "=".repeat(40), ...rows, "=".repeat(40), "2 profiles 0 aliases"].join("\n");

  test("a profile that is not running fails; a gateway in any state but REGED or NOREG is a warning naming it", () => {
    const [profiles, gateways] = judgeSofia(
      status([
        "                 internal\tprofile\t              sip:mod_sofia@127.0.0.1:5060\tRUNNING (0)",
        "         external::belluz\tgateway\t                 sip:belluz@127.0.0.1:5090\tFAIL_WAIT",
        "         external::backup\tgateway\t                 sip:backup@127.0.0.1:5090\tNOREG",
      ]),
    );
    expect(profiles).toMatchObject({ status: "fail", check: "sip profiles", detail: expect.stringMatching(/^external not loaded: .*sofia profile external start/) });
    expect(gateways).toMatchObject({ status: "warn", check: "gateways", detail: expect.stringMatching(/^belluz FAIL_WAIT; fine: backup NOREG/) });
  });
});
