/**
 * A Prometheus histogram for the xml_curl hot path. prom-client's
 * `Histogram.observe` validates and hashes the labels on every call, children
 * from `labels()` included: about 1.8 µs on the bench machine, as much as a
 * whole directory answer. Here each label combination is a series made once;
 * an observation is a bucket search and three additions. prom-client's
 * registry still renders it, from the same value records its own histograms
 * hand it, so /metrics reads exactly as before (counting-histogram.test.ts
 * compares the text with prom-client's Histogram fed the same values).
 */
import type { Metric, Registry } from "prom-client";

export type HistogramSeries = { observe(value: number): void };

type Series = { labels: Record<string, string>; counts: Float64Array; sum: number; count: number; seen: boolean };

export type CountingHistogram = {
  /** The series for these labels, made once and kept: hold on to it and observe through it. */
  series(labels: Record<string, string>): HistogramSeries;
};

export function createCountingHistogram(o: { name: string; help: string; buckets: readonly number[]; registry: Registry }): CountingHistogram {
  const bounds = [...o.buckets].sort((a, b) => a - b);
  const all = new Map<string, Series>();
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels));

  const metric = {
    name: o.name,
    help: o.help,
    type: "histogram",
    aggregator: "sum",
    // What prom-client's registry reads: the records a Histogram's get() returns, series by series in first-observed order.
    get: async () => {
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      for (const s of all.values()) {
        if (!s.seen) continue;
        let cumulative = 0;
        bounds.forEach((le, i) => {
          cumulative += s.counts[i]!;
          values.push({ labels: { le, ...s.labels }, value: cumulative, metricName: `${o.name}_bucket` });
        });
        values.push({ labels: { le: "+Inf", ...s.labels }, value: s.count, metricName: `${o.name}_bucket` });
        values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${o.name}_sum` });
        values.push({ labels: { ...s.labels }, value: s.count, metricName: `${o.name}_count` });
      }
      return { name: o.name, help: o.help, type: "histogram", aggregator: "sum", values };
    },
    reset: () => {
      for (const s of all.values()) {
        s.counts.fill(0);
        s.sum = 0;
        s.count = 0;
        s.seen = false;
      }
    },
  };
  o.registry.registerMetric(metric as unknown as Metric);

  return {
    series(labels) {
      const k = key(labels);
      let s = all.get(k);
      if (!s) {
        s = { labels: { ...labels }, counts: new Float64Array(bounds.length), sum: 0, count: 0, seen: false };
        all.set(k, s);
      }
      const series = s;
      return {
        observe(value) {
          if (!series.seen) {
            series.seen = true;
            // Re-inserted so the rendering follows first observation, not creation.
            all.delete(k);
            all.set(k, series);
          }
          for (let i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]!) {
              series.counts[i] = series.counts[i]! + 1;
              break;
            }
          }
          series.sum += value;
          series.count++;
        },
      };
    },
  };
}
