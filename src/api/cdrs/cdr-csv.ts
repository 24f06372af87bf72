/**
 * CDRs as RFC 4180 CSV for spreadsheets. A cell that starts with = + - @
 * (or a tab / carriage return) is something Excel and LibreOffice would run
 * as a formula, and caller names and numbers come from outside callers, so
 * such a cell gets a leading apostrophe.
 */
import type { CdrItem } from "./cdr-item.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const COLUMNS: [header: string, pick: (c: CdrItem) => string | number | null][] = [
  ["uuid", (c) => c.uuid],
  ["call_uuid", (c) => c.callUuid],
  ["leg", (c) => c.leg],
  ["direction", (c) => c.direction],
  ["started_at", (c) => c.startedAt],
  ["answered_at", (c) => c.answeredAt],
  ["ended_at", (c) => c.endedAt],
  ["duration_seconds", (c) => c.durationSeconds],
  ["bill_seconds", (c) => c.billSeconds],
  ["caller_number", (c) => c.callerIdNumber],
  ["caller_name", (c) => c.callerIdName],
  ["destination", (c) => c.destinationNumber],
  ["extension", (c) => c.extension],
  ["did", (c) => c.did],
  ["gateway", (c) => c.gateway],
  ["context", (c) => c.context],
  ["hangup_cause", (c) => c.hangupCause],
  ["recording_ids", (c) => c.recordingIds.join(" ")],
];

/** Header row plus one row per leg, CRLF line ends as RFC 4180 asks. */
export function cdrsToCsv(items: CdrItem[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(",")];
  for (const item of items) lines.push(COLUMNS.map(([, pick]) => csvCell(pick(item))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
