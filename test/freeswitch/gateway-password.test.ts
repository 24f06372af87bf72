/**
 * A provider password with '&' and what looks like the start of an XML
 * entity (`&amp`, `&#38`, `&lt` without their ';', which the password rule
 * refuses) reaches FreeSWITCH 1.10.12 through sofia.conf exactly as stored:
 * the gateway registers with a provider that accepts only that password.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { until } from "../support/until.ts";
import { startProvider } from "./support/phones.ts";
import type { SippRun } from "./support/sipp.ts";
import { startTier, type Tier } from "./support/tier.ts";

const PROVIDER = { account: "998785553399", password: "Bell&amp&#38&lt&x-77" };
let tier: Tier;
let provider: SippRun;

beforeAll(async () => {
  tier = await startTier();
  provider = await startProvider(PROVIDER);
}, 60_000);

afterAll(async () => {
  await provider?.stop();
  await tier?.stop();
});

test("a gateway whose password carries '&' sequences registers with the provider that knows that password", async () => {
  const created = await tier.cb.api<{ freeswitch: { applied: boolean } }>("POST", "/gateways", {
    name: "belluz", host: "127.0.0.1", port: provider.port, username: PROVIDER.account, password: PROVIDER.password, expireSeconds: 600,
  });
  expect(created.status).toBe(201);
  expect(created.body.freeswitch.applied).toBe(true);
  await until("belluz REGED", async () => (await tier.cb.api<{ state: string | null }>("GET", "/gateways/belluz/status")).body.state === "REGED", 20_000);
  expect(provider.requestsReceived().filter((m) => m === "REGISTER").length).toBeGreaterThanOrEqual(2);
});
