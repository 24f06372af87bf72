import { expect, test } from "bun:test";
import { Histogram, Registry } from "prom-client";
import { createCountingHistogram } from "./counting-histogram.ts";

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const OBSERVED: [Record<string, string>, number][] = [
  [{ section: "dialplan", outcome: "answered" }, 0.00003],
  [{ section: "directory", outcome: "not_found" }, 0.0011],
  [{ section: "dialplan", outcome: "answered" }, 0.0005],
  [{ section: "dialplan", outcome: "answered" }, 3.7],
  [{ section: "other", outcome: "error" }, 0.25],
];

test("/metrics reads exactly as prom-client's own histogram fed the same observations", async () => {
  const theirs = new Registry();
  const histogram = new Histogram({ name: "x_seconds", help: "How long", labelNames: ["section", "outcome"], buckets: BUCKETS, registers: [theirs] });
  const ours = new Registry();
  const counting = createCountingHistogram({ name: "x_seconds", help: "How long", buckets: BUCKETS, registry: ours });
  // Series made before any observation stay out of the text until observed, as prom-client's do.
  const series = new Map(OBSERVED.map(([labels]) => [JSON.stringify(labels), counting.series(labels)]));
  counting.series({ section: "configuration", outcome: "rejected" });
  for (const [labels, value] of OBSERVED) {
    histogram.observe(labels, value);
    series.get(JSON.stringify(labels))!.observe(value);
  }
  expect(await ours.metrics()).toBe(await theirs.metrics());
  expect(await ours.metrics()).toContain('x_seconds_bucket{le="0.0005",section="dialplan",outcome="answered"} 2');
});
