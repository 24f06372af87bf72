import type { Channel } from "../api-types.ts";
import { directionMark, formatClock, formatDuration } from "../format.ts";
import { numberAndName, orDash, type Tone, type ViewDef } from "./view-def.ts";

/** FreeSWITCH names every B leg's callee "Outbound Call" until the far end says otherwise: noise, not a name. */
const calleeName = (c: Channel) => (c.calleeName === "Outbound Call" ? "" : c.calleeName);

export const stateTone = (state: string, held: boolean): Tone | undefined => {
  if (held || state === "held") return "held";
  if (state === "ringing" || state === "early") return "ringing";
  if (state === "answered" || state === "active") return "answered";
  return "dim";
};

/**
 * The number of whoever is at the far end of this leg: the provider's party on
 * a gateway leg, the phone on an extension's leg, otherwise the side that
 * called in (an inbound leg) or was called (an outbound one).
 */
export function legParty(c: Channel): string {
  const called = c.destination || c.calleeNumber;
  if (c.gateway) return called;
  if (c.extension) return c.extension;
  return c.direction === "inbound" ? c.callerNumber : called;
}

const flags = (c: Channel) => [c.recording ? "REC" : "", c.held ? "HOLD" : ""].filter(Boolean).join(" ");
const age = (c: Channel, now: number) => now - (c.answeredAt ?? c.createdAt);

export const channelsView: ViewDef<Channel> = {
  id: "channels",
  hotkey: "1",
  aliases: ["channels", "channel", "ch", "chan"],
  key: (c) => c.uuid,
  // The admin picked this leg: every key acts on it, not on its call's A leg.
  target: (c) => ({
    uuid: c.uuid,
    label: `${c.callerNumber} → ${c.destination || c.calleeNumber}`,
    recording: c.recording,
    recordUuid: c.uuid,
    transfer: { uuid: c.uuid, party: legParty(c) },
  }),
  defaultSort: { letter: "D", desc: true },
  columns: [
    { title: "", width: 1, priority: 1, text: (c) => directionMark(c.direction) },
    {
      title: "STATE",
      sortLetter: "S",
      width: 8,
      priority: 1,
      text: (c) => (c.held ? "held" : c.state),
      sortValue: (c) => (c.held ? "held" : c.state),
      tone: (c) => stateTone(c.state, c.held),
    },
    { title: "CALLER", sortLetter: "C", width: 14, grow: 2, priority: 1, text: (c) => numberAndName(c.callerNumber, c.callerName), sortValue: (c) => c.callerNumber },
    { title: "CALLEE", sortLetter: "E", width: 12, grow: 2, priority: 1, text: (c) => numberAndName(c.destination || c.calleeNumber, calleeName(c)), sortValue: (c) => c.destination || c.calleeNumber },
    { title: "DURATION", sortLetter: "D", width: 9, priority: 1, align: "right", text: (c, now) => formatDuration(age(c, now)), sortValue: (c) => -(c.answeredAt ?? c.createdAt) },
    { title: "FLAGS", sortLetter: "F", width: 5, priority: 2, text: flags, sortValue: flags, tone: (c) => (c.recording ? "recording" : c.held ? "held" : undefined) },
    { title: "DID", sortLetter: "I", width: 13, priority: 2, text: (c) => orDash(c.did), sortValue: (c) => c.did ?? "" },
    { title: "GATEWAY", sortLetter: "G", width: 8, priority: 2, text: (c) => orDash(c.gateway), sortValue: (c) => c.gateway ?? "" },
    { title: "EXT", sortLetter: "X", width: 5, priority: 3, text: (c) => orDash(c.extension), sortValue: (c) => c.extension ?? "" },
    { title: "CODEC", sortLetter: "O", width: 6, priority: 4, text: (c) => orDash(c.readCodec), sortValue: (c) => c.readCodec ?? "" },
    { title: "REMOTE IP", sortLetter: "P", width: 15, priority: 5, text: (c) => orDash(c.remoteIp), sortValue: (c) => c.remoteIp ?? "" },
    { title: "UUID", sortLetter: "U", width: 8, priority: 6, text: (c) => c.uuid.slice(0, 8), sortValue: (c) => c.uuid },
  ],
  searchText: (c) =>
    [c.direction, c.held ? "held" : c.state, c.callerNumber, c.callerName, c.calleeNumber, c.calleeName, c.destination, c.extension, c.did, c.gateway, c.readCodec, c.remoteIp, c.recording ? "rec" : "", c.uuid, c.name]
      .filter(Boolean)
      .join(" "),
  details: (c, now) => [
    ["uuid", c.uuid],
    ["call", c.callId],
    ["channel", c.name],
    ["direction", `${directionMark(c.direction)} ${c.direction}`],
    ["state", c.held ? `${c.state} (held)` : c.state],
    ["caller", numberAndName(c.callerNumber, c.callerName)],
    ["callee", numberAndName(c.calleeNumber, calleeName(c))],
    ["destination", orDash(c.destination)],
    ["context", orDash(c.context)],
    ["extension", orDash(c.extension)],
    ["DID", orDash(c.did)],
    ["gateway", orDash(c.gateway)],
    ["codec", c.readCodec || c.writeCodec ? `${orDash(c.readCodec)} / ${orDash(c.writeCodec)}` : "-"],
    ["remote", c.remoteIp ? `${c.remoteIp}${c.remotePort ? `:${c.remotePort}` : ""}` : "-"],
    ["created", formatClock(c.createdAt)],
    ["answered", c.answeredAt ? `${formatClock(c.answeredAt)} (${formatDuration(now - c.answeredAt)} ago)` : "-"],
    ["recording", c.recording ? orDash(c.recordingPath) : "no"],
    ["bridged to", orDash(c.bridgedTo)],
  ],
};
