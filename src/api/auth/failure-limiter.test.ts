import { expect, test } from "bun:test";
import { createFailureLimiter } from "./failure-limiter.ts";

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test("an address is blocked after the allowed failures until its window ends", () => {
  const c = clock();
  const limiter = createFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 3; i++) {
    expect(limiter.blockedFor("10.0.0.1")).toBe(0);
    limiter.recordFailure("10.0.0.1");
  }
  expect(limiter.blockedFor("10.0.0.1")).toBe(60_000);
  c.advance(45_000);
  expect(limiter.blockedFor("10.0.0.1")).toBe(15_000);
  c.advance(15_000);
  expect(limiter.blockedFor("10.0.0.1")).toBe(0);
});

test("one address failing does not block another", () => {
  const c = clock();
  const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 60_000, now: c.now });
  limiter.recordFailure("10.0.0.1");
  expect(limiter.blockedFor("10.0.0.1")).toBeGreaterThan(0);
  expect(limiter.blockedFor("10.0.0.2")).toBe(0);
});

test("a spray from many addresses keeps memory bounded", () => {
  const c = clock();
  const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 60_000, now: c.now, maxTracked: 100 });
  for (let i = 0; i < 1000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`);
  let tracked = 0;
  for (let i = 0; i < 1000; i++) if (limiter.blockedFor(`10.0.${i >> 8}.${i & 255}`) > 0) tracked++;
  expect(tracked).toBeLessThanOrEqual(100);
  expect(limiter.blockedFor("10.0.3.231")).toBeGreaterThan(0);
});
