/**
 * MicroSIP's first step on a real FreeSWITCH: digest REGISTER answered from
 * callboard's directory (a1-hash only), and the registration seen live.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { runSipp } from "./support/sipp.ts";
import { DOMAIN, startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const PASSWORD = "Reg1ster-Me-42";

beforeAll(async () => {
  tier = await startTier();
  const made = await tier.cb.api("POST", "/extensions", { number: "1001", name: "Dilnoza Karimova", password: PASSWORD });
  expect(made.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await tier?.stop();
});

const register = (user: string, password: string) =>
  runSipp({
    scenario: "register.xml",
    target: tier.internal,
    auth: { user, password },
    keys: { user, domain: DOMAIN, expires: "600" },
    timeoutSeconds: 15,
  });

test("a phone with the right password registers and shows in /registrations", async () => {
  const run = await register("1001", PASSWORD);
  expect(run.received()).toEqual([401, 200]);
  await until("the registration in /registrations", async () => {
    const { body } = await tier.cb.api<{ items: { user: string; userAgent?: string }[] }>("GET", "/registrations");
    return body.items.some((r) => r.user === "1001");
  });
});

test("a wrong password is refused with 403 and leaves no registration", async () => {
  const run = await register("1001", "Wrong-Password-1");
  expect(run.received()).toEqual([401, 403]);
  expect(tier.fs.log()).toContain("SIP auth failure (REGISTER) on sofia profile 'internal' for [1001@pbx.test]");
  const { body } = await tier.cb.api<{ items: { user: string }[] }>("GET", "/registrations");
  expect(body.items.filter((r) => r.user === "1001")).toHaveLength(1);
});

test("a user callboard does not know is refused with 403", async () => {
  const run = await register("1999", "Whatever-Pass-9");
  expect(run.received()).toEqual([401, 403]);
  expect(tier.fs.log()).toContain("Can't find user [1999@pbx.test]");
});
