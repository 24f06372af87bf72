/**
 * callboard's Prometheus metrics: one registry per process (never
 * prom-client's global one, so tests and the demo each get their own).
 * Request-path code only calls the recording functions here; the gauges
 * that describe the switch are read when Prometheus scrapes
 * (live-gauges.ts), so a call costs nothing until someone looks.
 */
import { Counter, Gauge, Registry } from "prom-client";
import { createCountingHistogram, type HistogramSeries } from "./counting-histogram.ts";

/** xml_curl sections FreeSWITCH asks for; anything else is one label, so a stranger cannot mint series. */
const SECTIONS = ["directory", "dialplan", "configuration", "other"] as const;
const OUTCOMES = ["answered", "not_found", "rejected", "error"] as const;

/** FreeSWITCH gives up after xml_curl.conf's timeout (seconds); buckets cover the fast path down to 0.5 ms. */
const XMLCURL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type CdrPostOutcome = "stored" | "duplicate" | "rejected" | "failed";

/** What an xml_curl answer says of itself: its log line, and for a dialplan answer where the call goes. */
export type XmlcurlAnswer = { outcome: string; targetKind?: string };

/**
 * An answer as one of four labels. A refused call is known by its target's
 * kind, not its log line: that may lead with the menu key or time conditions
 * the call passed (`IVR menu main option 1 → reject …`). `error` and
 * `not_found: …` are the router's and declined()'s own fixed lines.
 */
export function xmlcurlOutcomeLabel(answer: XmlcurlAnswer): "answered" | "not_found" | "rejected" | "error" {
  if (answer.outcome === "error") return "error";
  if (answer.outcome.startsWith("not_found")) return "not_found";
  return answer.targetKind === "reject" ? "rejected" : "answered";
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(version: string, now: () => number = Date.now) {
  const registry = new Registry();
  const registers = [registry];

  new Gauge({ name: "callboard_info", help: "1, labelled with the running version", labelNames: ["version"], registers }).set({ version }, 1);
  new Gauge({ name: "callboard_start_time_seconds", help: "When this callboard started (Unix seconds)", registers }).set(now() / 1000);

  const xmlcurlSeconds = createCountingHistogram({
    name: "callboard_xmlcurl_request_duration_seconds",
    help: "Time to answer a mod_xml_curl request, by section and outcome (its _count is the number of requests)",
    buckets: XMLCURL_BUCKETS,
    registry,
  });
  // Every series the hot path can touch, labelled once: an answer costs an index, not a label lookup.
  const xmlcurlSeries = new Map<string, Map<string, HistogramSeries>>(
    SECTIONS.map((section) => [section, new Map(OUTCOMES.map((outcome) => [outcome, xmlcurlSeconds.series({ section, outcome })]))]),
  );
  /** When each section was last asked (ms); the gauge is set from it when Prometheus scrapes. */
  const lastAsked = new Map<string, number>();
  new Gauge({
    name: "callboard_xmlcurl_last_request_timestamp_seconds",
    help: "When FreeSWITCH last asked, by section (Unix seconds); absent until it first asks",
    labelNames: ["section"],
    registers,
    collect() {
      for (const [section, ms] of lastAsked) this.set({ section }, ms / 1000);
    },
  });
  const cdrsReceived = new Counter({
    name: "callboard_cdrs_received_total",
    help: "CDRs POSTed by mod_json_cdr: stored, duplicate (already stored), rejected (malformed, 400) or failed (not stored, 500: FreeSWITCH retries)",
    labelNames: ["outcome"],
    registers,
  });
  const cdrsReplayed = new Counter({
    name: "callboard_cdrs_replayed_total",
    help: "CDRs taken from FreeSWITCH's error directory: stored, or duplicate of one already stored",
    labelNames: ["outcome"],
    registers,
  });
  // Zero series exist from the start, so rate() and alerts see them before the first event.
  for (const outcome of ["stored", "duplicate", "rejected", "failed"]) cdrsReceived.inc({ outcome }, 0);
  for (const outcome of ["stored", "duplicate"]) cdrsReplayed.inc({ outcome }, 0);

  return {
    registry,
    xmlcurlAnswered(section: string, answer: XmlcurlAnswer, micros: number) {
      const bySection = xmlcurlSeries.get(section);
      const s = bySection ? section : "other";
      (bySection ?? xmlcurlSeries.get("other")!).get(xmlcurlOutcomeLabel(answer))!.observe(micros / 1e6);
      lastAsked.set(s, now());
    },
    cdrReceived(outcome: CdrPostOutcome) {
      cdrsReceived.inc({ outcome });
    },
    cdrsReplayed(stored: number, duplicates: number) {
      if (stored) cdrsReplayed.inc({ outcome: "stored" }, stored);
      if (duplicates) cdrsReplayed.inc({ outcome: "duplicate" }, duplicates);
    },
    /** Prometheus text exposition, scrape-time gauges included. */
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
