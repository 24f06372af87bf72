/**
 * Time for the simulator, injectable so tests step it instead of sleeping.
 * `now()` is Unix time in milliseconds (fractions allowed: FreeSWITCH
 * timestamps carry microseconds).
 */
export interface SimClock {
  now(): number;
  /** Runs `run` after `ms`; returns a cancel function. */
  after(ms: number, run: () => void): () => void;
}

export function realClock(): SimClock {
  return {
    now: () => Date.now(),
    after: (ms, run) => {
      const timer = setTimeout(run, Math.max(0, ms));
      return () => clearTimeout(timer);
    },
  };
}

export interface ManualClock extends SimClock {
  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void;
  pending(): number;
}

export function manualClock(startMs: number): ManualClock {
  let current = startMs;
  let nextId = 0;
  const timers = new Map<number, { due: number; order: number; run: () => void }>();
  const takeDue = (limit: number) => {
    let best: [number, { due: number; order: number; run: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].due > limit) continue;
      if (!best || entry[1].due < best[1].due || (entry[1].due === best[1].due && entry[1].order < best[1].order)) best = entry;
    }
    if (best) timers.delete(best[0]);
    return best?.[1];
  };
  return {
    now: () => current,
    after(ms, run) {
      const id = nextId++;
      timers.set(id, { due: current + Math.max(0, ms), order: id, run });
      return () => timers.delete(id);
    },
    advance(ms) {
      const target = current + ms;
      for (let timer = takeDue(target); timer; timer = takeDue(target)) {
        current = Math.max(current, timer.due);
        timer.run();
      }
      current = target;
    },
    pending: () => timers.size,
  };
}
