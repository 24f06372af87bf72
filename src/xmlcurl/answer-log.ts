import type { Logger } from "../log.ts";

/** The one line each answer leaves (docs/xmlcurl.md). */
export type AnswerLine = { section: string; key: string; outcome: string; us: number };

const SECTIONS = new Set(["directory", "dialplan", "configuration"]);

export type AnswerLogOptions = {
  /** Routine lines written per second at most, and as a burst. */
  perSecond?: number;
  /** How often the count of lines left out is written, while lines are being left out. */
  summaryEveryMs?: number;
  /** Monotonic milliseconds (performance.now); tests pass their own. */
  clock?: () => number;
};

/**
 * Writes each answer's log line, at a bounded rate. A line costs pino about
 * 4 µs (bench/xmlcurl-load.ts measures it), as much as the rest of an answer
 * from the compiled model; at the few requests a second of a working PBX
 * every line is written, while a registration storm or a load test would pay
 * it thousands of times a second for lines nobody reads. So routine lines
 * take a token from a bucket of `perSecond`; when it is empty they are
 * counted, by section, and the count is written every `summaryEveryMs`.
 * Lines with problems (warnings) are always written.
 */
export function createAnswerLog(log: Logger, options: AnswerLogOptions = {}) {
  const perSecond = options.perSecond ?? 50;
  const summaryEvery = options.summaryEveryMs ?? 10_000;
  const clock = options.clock ?? (() => performance.now());
  let tokens = perSecond;
  let refilledAt = clock();
  let skipped = new Map<string, number>();
  let skippedTotal = 0;
  let windowStart = refilledAt;

  const summarize = (now: number) => {
    const sections = Object.fromEntries(skipped);
    log.info({ skipped: skippedTotal, sections, ms: Math.round(now - windowStart) }, `xml_curl lines left out (over ${perSecond} a second)`);
    skipped = new Map();
    skippedTotal = 0;
    windowStart = now;
  };

  return {
    /** `now`: the caller's own reading of the clock, when it has one (a clock read costs 0.1-0.3 µs on a VM). */
    write(line: AnswerLine, problems?: readonly string[], now = clock()) {
      if (problems?.length) {
        log.warn({ ...line, problems }, "xml_curl");
        return;
      }
      tokens = Math.min(perSecond, tokens + ((now - refilledAt) * perSecond) / 1000);
      refilledAt = now;
      if (skippedTotal > 0 && now - windowStart >= summaryEvery) summarize(now);
      if (tokens >= 1) {
        tokens--;
        log.info(line, "xml_curl");
        return;
      }
      if (skippedTotal === 0) windowStart = now;
      skippedTotal++;
      const section = SECTIONS.has(line.section) ? line.section : "other";
      skipped.set(section, (skipped.get(section) ?? 0) + 1);
    },
  };
}
