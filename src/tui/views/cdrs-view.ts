import { directionMark, formatClock, formatDuration } from "../format.ts";
import { numberAndName, orDash, type ViewDef } from "./view-def.ts";

/** One finished leg as the dashboard shows it; the API client maps `GET /cdrs` items onto this. */
export type CdrRow = {
  uuid: string;
  callUuid?: string;
  direction: string;
  callerNumber: string;
  callerName: string;
  destination: string;
  extension?: string;
  did?: string;
  gateway?: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  billSeconds: number;
  hangupCause: string;
};

export const cdrsView: ViewDef<CdrRow> = {
  id: "cdrs",
  hotkey: "5",
  aliases: ["cdrs", "cdr", "history"],
  key: (r) => r.uuid,
  defaultSort: { letter: "S", desc: true },
  columns: [
    { title: "STARTED", sortLetter: "S", width: 8, priority: 1, text: (r) => formatClock(r.startedAt), sortValue: (r) => r.startedAt },
    { title: "", width: 1, priority: 1, text: (r) => directionMark(r.direction) },
    { title: "FROM", sortLetter: "F", width: 14, grow: 2, priority: 1, text: (r) => numberAndName(r.callerNumber, r.callerName), sortValue: (r) => r.callerNumber },
    { title: "TO", sortLetter: "T", width: 13, grow: 1, priority: 1, text: (r) => r.destination, sortValue: (r) => r.destination },
    { title: "BILL", sortLetter: "B", width: 7, priority: 1, align: "right", text: (r) => formatDuration(r.billSeconds * 1000), sortValue: (r) => r.billSeconds },
    {
      title: "CAUSE",
      sortLetter: "C",
      width: 16,
      grow: 1,
      priority: 1,
      text: (r) => r.hangupCause,
      sortValue: (r) => r.hangupCause,
      tone: (r) => (r.hangupCause === "NORMAL_CLEARING" ? undefined : "warn"),
    },
    { title: "DID", sortLetter: "I", width: 13, priority: 2, text: (r) => orDash(r.did), sortValue: (r) => r.did ?? "" },
    { title: "GATEWAY", sortLetter: "G", width: 8, priority: 2, text: (r) => orDash(r.gateway), sortValue: (r) => r.gateway ?? "" },
    { title: "EXT", sortLetter: "X", width: 5, priority: 3, text: (r) => orDash(r.extension), sortValue: (r) => r.extension ?? "" },
  ],
  searchText: (r) =>
    [r.direction, r.callerNumber, r.callerName, r.destination, r.extension, r.did, r.gateway, r.hangupCause, r.uuid, r.callUuid]
      .filter(Boolean)
      .join(" "),
  details: (r) => [
    ["leg", r.uuid],
    ["call", orDash(r.callUuid)],
    ["direction", `${directionMark(r.direction)} ${r.direction}`],
    ["from", numberAndName(r.callerNumber, r.callerName)],
    ["to", r.destination],
    ["extension", orDash(r.extension)],
    ["DID", orDash(r.did)],
    ["gateway", orDash(r.gateway)],
    ["started", new Date(r.startedAt).toISOString()],
    ["answered", r.answeredAt ? new Date(r.answeredAt).toISOString() : "-"],
    ["ended", r.endedAt ? new Date(r.endedAt).toISOString() : "-"],
    ["billed", formatDuration(r.billSeconds * 1000)],
    ["hangup cause", r.hangupCause],
  ],
};
