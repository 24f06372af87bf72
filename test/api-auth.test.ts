import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { limiterKey, MAX_AUTH_FAILURES_PER_MINUTE } from "../src/api/auth/bearer.ts";
import { apiTokens } from "../src/db/schema.ts";
import { testApp } from "./support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();

function clock(start = Date.UTC(2025, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("every /api/v1 route needs a bearer token", () => {
  test("no token is 401 in the error shape, with a WWW-Authenticate challenge", async () => {
    const { call } = testApp();
    const res = await call("GET", "/api/v1/extensions", undefined, null);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect((await read(res)).error.code).toBe("unauthorized");
  });

  test("a wrong token is 401", async () => {
    const { call } = testApp();
    expect((await call("GET", "/api/v1/gateways", undefined, "cb_not-a-real-token")).status).toBe(401);
  });

  test("a malformed Authorization header is 401", async () => {
    const { app } = testApp();
    const res = await app.request("/api/v1/dids", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(res.status).toBe(401);
  });

  test("/health needs no token", async () => {
    const { app } = testApp();
    expect((await app.request("/health")).status).toBe(200);
  });

  test("?token= is not accepted outside the events WebSocket upgrade", async () => {
    const { app, admin } = testApp();
    expect((await app.request(`/api/v1/extensions?token=${admin}`)).status).toBe(401);
    expect((await app.request(`/api/v1/events?token=${admin}`)).status).toBe(401);
  });

  test("?token= passes auth on the events WebSocket upgrade", async () => {
    const { app, admin } = testApp();
    const res = await app.request(`/api/v1/events?token=${admin}`, { headers: { upgrade: "websocket", connection: "Upgrade" } });
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });
});

describe("roles", () => {
  test("a viewer may read", async () => {
    const { call, viewer } = testApp();
    expect((await call("GET", "/api/v1/extensions", undefined, viewer)).status).toBe(200);
  });

  test.each([
    ["POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" }],
    ["PATCH", "/api/v1/extensions/1001", { name: "x" }],
    ["DELETE", "/api/v1/extensions/1001", undefined],
    ["POST", "/api/v1/extensions/1001/reset-password", undefined],
    ["POST", "/api/v1/gateways/belluz/register", undefined],
  ])("a viewer's %s %s is 403 and changes nothing", async (method, path, body) => {
    const { call, viewer } = testApp();
    await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
    const res = await call(method, path, body, viewer);
    expect(res.status).toBe(403);
    expect((await read(res)).error.code).toBe("forbidden");
    expect((await read(await call("GET", "/api/v1/extensions/1001"))).name).toBe("Operator 1");
  });
});

describe("failed authentication is rate-limited per source address", () => {
  test(`after ${MAX_AUTH_FAILURES_PER_MINUTE} failures the address gets 429 with Retry-After for bad tokens until the minute ends`, async () => {
    const c = clock();
    const { call } = testApp({ now: c.now });
    for (let i = 0; i < MAX_AUTH_FAILURES_PER_MINUTE; i++) {
      expect((await call("GET", "/api/v1/extensions", undefined, `cb_guess${i}`)).status).toBe(401);
    }
    const limited = await call("GET", "/api/v1/extensions", undefined, "cb_guess-more");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect((await read(limited)).error.code).toBe("rate_limited");
    c.advance(30_000);
    const stillLimited = await call("GET", "/api/v1/extensions", undefined, "cb_guess-again");
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers.get("retry-after")).toBe("30");
    c.advance(30_000);
    expect((await call("GET", "/api/v1/extensions", undefined, "cb_guess-later")).status).toBe(401);
  });

  test("someone guessing from the same address cannot lock out a valid token", async () => {
    const { call, admin } = testApp();
    for (let i = 0; i <= MAX_AUTH_FAILURES_PER_MINUTE; i++) await call("GET", "/api/v1/dids", undefined, "cb_x");
    expect((await call("GET", "/api/v1/dids", undefined, "cb_x")).status).toBe(429);
    expect((await call("GET", "/api/v1/dids", undefined, admin)).status).toBe(200);
  });

  test("the limit belongs to one app: another app instance is not affected", async () => {
    const first = testApp();
    for (let i = 0; i <= MAX_AUTH_FAILURES_PER_MINUTE; i++) await first.call("GET", "/api/v1/dids", undefined, "cb_x");
    expect((await first.call("GET", "/api/v1/dids", undefined, "cb_x")).status).toBe(429);
    const second = testApp();
    expect((await second.call("GET", "/api/v1/dids", undefined, "cb_x")).status).toBe(401);
  });

  test("IPv6 failures count per /64, so hopping addresses inside one host's prefix does not reset the count", () => {
    expect(limiterKey("2001:db8:1:2:a::1")).toBe("2001:db8:1:2::/64");
    expect(limiterKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(limiterKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limiterKey("::1")).toBe("0:0:0:0::/64");
    expect(limiterKey("127.0.0.1")).toBe("127.0.0.1");
    expect(limiterKey("::ffff:127.0.0.1")).toBe("::ffff:127.0.0.1");
  });

  test("a viewer's refused write is not counted as a failed authentication", async () => {
    const { call, viewer } = testApp();
    for (let i = 0; i < MAX_AUTH_FAILURES_PER_MINUTE + 2; i++) {
      expect((await call("DELETE", "/api/v1/extensions/1001", undefined, viewer)).status).toBe(403);
    }
    expect((await call("GET", "/api/v1/extensions", undefined, viewer)).status).toBe(200);
  });
});

test("a token's last use is recorded at most once a minute", async () => {
  const c = clock();
  const { call, deps } = testApp({ now: c.now });
  const lastUsed = () => deps.db.select().from(apiTokens).where(eq(apiTokens.name, "test-admin")).get()!.lastUsedAt?.getTime();
  expect(lastUsed()).toBeUndefined();
  await call("GET", "/api/v1/extensions");
  const first = c.now();
  expect(lastUsed()).toBe(first);
  c.advance(30_000);
  await call("GET", "/api/v1/extensions");
  expect(lastUsed()).toBe(first);
  c.advance(31_000);
  await call("GET", "/api/v1/extensions");
  expect(lastUsed()).toBe(c.now());
});
