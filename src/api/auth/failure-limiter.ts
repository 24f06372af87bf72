/**
 * Counts failed authentications per source address in a fixed window. Once an
 * address reaches the limit it is refused until its window ends, whatever
 * token it sends, so guessing cannot continue at full speed. State lives in
 * the object, one per app, and is kept bounded.
 */
export type FailureLimiter = {
  /** Milliseconds until the address may try again, or 0 when it may try now. */
  blockedFor(address: string): number;
  recordFailure(address: string): void;
};

export type FailureLimiterOptions = { maxFailures: number; windowMs: number; now: () => number; maxTracked?: number };

export function createFailureLimiter({ maxFailures, windowMs, now, maxTracked = 10_000 }: FailureLimiterOptions): FailureLimiter {
  const windows = new Map<string, { failures: number; resetAt: number }>();

  const sweep = (t: number) => {
    for (const [address, w] of windows) if (w.resetAt <= t) windows.delete(address);
    // Still full of live entries (a spray from many addresses): forget the oldest.
    for (const address of windows.keys()) {
      if (windows.size < maxTracked) break;
      windows.delete(address);
    }
  };

  return {
    blockedFor(address) {
      const w = windows.get(address);
      if (!w) return 0;
      const t = now();
      if (w.resetAt <= t) {
        windows.delete(address);
        return 0;
      }
      return w.failures >= maxFailures ? w.resetAt - t : 0;
    },
    recordFailure(address) {
      const t = now();
      const w = windows.get(address);
      if (w && w.resetAt > t) {
        w.failures++;
        return;
      }
      if (windows.size >= maxTracked) sweep(t);
      windows.set(address, { failures: 1, resetAt: t + windowMs });
    },
  };
}
