/**
 * FreeSWITCH keeps the users callboard hands out (`cacheable`), so a phone's
 * re-REGISTER costs callboard nothing; callboard makes it forget a user the
 * moment the API changes one. Proven on a real FreeSWITCH 1.10.12: a cached
 * user re-registers with callboard down, and a disabled, deleted or
 * re-passworded extension is refused within a second of the API call.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freeMediaPorts, freePort } from "./support/ports.ts";
import { DOMAIN, startTier, type Tier } from "./support/tier.ts";

let tier: Tier;
const PW = { "1001": "Cached-User-1001", "1002": "Cached-User-1002", "1003": "Cached-User-1003" } as const;

beforeAll(async () => {
  tier = await startTier();
  for (const [number, password] of Object.entries(PW)) {
    expect((await tier.cb.api("POST", "/extensions", { number, name: `Operator ${number}`, password })).status).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await tier?.stop();
});

/**
 * One phone per extension, always at the same address and port, as a desk
 * phone re-registering is: its contact does not change, so FreeSWITCH's copy
 * of the user is not flushed for a new contact (each run of the tier's
 * runSipp would come from a new port). Resolves with the statuses received.
 */
const phonePorts = new Map<string, number>();
async function register(user: string, password: string): Promise<{ received(): number[] }> {
  if (!phonePorts.has(user)) phonePorts.set(user, await freePort());
  const dir = mkdtempSync(join(tmpdir(), "callboard-sipp-"));
  const messages = join(dir, "messages.log");
  const scenario = resolve(import.meta.dir, "sipp/register.xml");
  const proc = Bun.spawn(
    ["sipp", "-sf", scenario, "-i", "127.0.0.1", "-p", String(phonePorts.get(user)), "-mi", "127.0.0.1", "-mp", String(await freeMediaPorts()),
      "-nostdin", "-trace_msg", "-message_file", messages, "-timeout", "15s", "-timeout_error",
      "-au", user, "-ap", password, "-key", "user", user, "-key", "domain", DOMAIN, "-key", "expires", "600", "-m", "1", tier.internal],
    { stdout: "ignore", stderr: "ignore" },
  );
  await proc.exited;
  const trace = readFileSync(messages, "utf8");
  return { received: () => [...trace.matchAll(/UDP message received \[\d+\] bytes :\s+SIP\/2\.0 (\d{3})/g)].map((m) => Number(m[1])) };
}

/** The API call, then a REGISTER at once: the final answer, and how long after the call began it came. */
async function registerRightAfter(call: () => Promise<{ status: number }>, expectedStatus: number, user: string, password: string) {
  const started = performance.now();
  expect((await call()).status).toBe(expectedStatus);
  const run = await register(user, password);
  const ms = performance.now() - started;
  // The tier's output is the evidence the issue asks for: how soon FreeSWITCH's copy stopped counting.
  console.log(`${user}: the REGISTER right after the API call got ${run.received().join(", ")}, ${Math.round(ms)} ms after the call began`);
  return { statuses: run.received(), ms };
}

test("a phone's re-REGISTER is answered from FreeSWITCH's cache, even with callboard stopped", async () => {
  // A new contact makes callboard flush the user (it is in the cached dial string), now and a second later.
  expect((await register("1001", PW["1001"])).received()).toEqual([401, 200]);
  await Bun.sleep(1_200);
  expect((await register("1001", PW["1001"])).received()).toEqual([401, 200]);
  await tier.stopCallboard();
  try {
    expect((await register("1001", PW["1001"])).received()).toEqual([401, 200]);
    expect((await register("1003", PW["1003"])).received()).toEqual([401, 403]);
  } finally {
    await tier.startCallboardAgain();
  }
});

test("a disabled extension is refused within a second of the API call", async () => {
  expect((await register("1001", PW["1001"])).received()).toEqual([401, 200]);
  expect((await register("1001", PW["1001"])).received()).toEqual([401, 200]);
  const r = await registerRightAfter(() => tier.cb.api("PATCH", "/extensions/1001", { enabled: false }), 200, "1001", PW["1001"]);
  expect(r.statuses).toEqual([401, 403]);
  expect(r.ms).toBeLessThan(1_000);
});

test("a deleted extension is refused within a second of the API call", async () => {
  expect((await register("1002", PW["1002"])).received()).toEqual([401, 200]);
  expect((await register("1002", PW["1002"])).received()).toEqual([401, 200]);
  const r = await registerRightAfter(() => tier.cb.api("DELETE", "/extensions/1002"), 204, "1002", PW["1002"]);
  expect(r.statuses).toEqual([401, 403]);
  expect(r.ms).toBeLessThan(1_000);
});

test("after a password reset the old password is refused at once, and the new one works", async () => {
  expect((await register("1003", PW["1003"])).received()).toEqual([401, 200]);
  let password = "";
  const r = await registerRightAfter(
    async () => {
      const res = await tier.cb.api<{ password: string }>("POST", "/extensions/1003/reset-password");
      password = res.body.password;
      return res;
    },
    200,
    "1003",
    PW["1003"],
  );
  expect(r.statuses).toEqual([401, 403]);
  expect(r.ms).toBeLessThan(1_000);
  expect((await register("1003", password)).received()).toEqual([401, 200]);
});
