import type { Call, Channel } from "../api-types.ts";
import { directionMark, formatClock, formatDuration } from "../format.ts";
import { legParty, stateTone } from "./channels-view.ts";
import { numberAndName, orDash, type ChannelLookup, type TransferLeg, type ViewDef } from "./view-def.ts";

/**
 * Whom `t` moves: the party that is not our agent. uuid_transfer moves the leg
 * it is given and hangs up that leg's peer, so on an inbound or internal call
 * the A leg (the caller) is sent on, and on an outbound call the gateway leg
 * (the customer) is, never the agent's phone.
 */
function transferLeg(c: Call, channel: ChannelLookup): TransferLeg | undefined {
  if (c.direction !== "outbound") return { uuid: c.id, party: c.from };
  const far = c.legs.map((uuid) => channel(uuid)).find((l): l is Channel => l?.gateway !== undefined);
  return far ? { uuid: far.uuid, party: legParty(far) } : undefined;
}

const age = (c: Call, now: number) => now - (c.answeredAt ?? c.createdAt);

export const callsView: ViewDef<Call> = {
  id: "calls",
  hotkey: "2",
  aliases: ["calls", "call", "cl"],
  key: (c) => c.id,
  target: (c, channel) => ({
    uuid: c.id,
    label: `${c.from} → ${c.to}`,
    recording: c.recording,
    recordUuid: (c.recording && c.legs.find((uuid) => channel(uuid)?.recording)) || c.id,
    transfer: transferLeg(c, channel),
  }),
  defaultSort: { letter: "D", desc: true },
  columns: [
    { title: "", width: 1, priority: 1, text: (c) => directionMark(c.direction) },
    { title: "STATE", sortLetter: "S", width: 7, priority: 1, text: (c) => c.state, sortValue: (c) => c.state, tone: (c) => stateTone(c.state, c.state === "held") },
    { title: "FROM", sortLetter: "F", width: 14, grow: 2, priority: 1, text: (c) => numberAndName(c.from, c.fromName), sortValue: (c) => c.from },
    { title: "TO", sortLetter: "T", width: 13, grow: 1, priority: 1, text: (c) => c.to, sortValue: (c) => c.to },
    { title: "DURATION", sortLetter: "D", width: 9, priority: 1, align: "right", text: (c, now) => formatDuration(age(c, now)), sortValue: (c) => -(c.answeredAt ?? c.createdAt) },
    { title: "REC", sortLetter: "R", width: 3, priority: 2, text: (c) => (c.recording ? "REC" : ""), sortValue: (c) => (c.recording ? 1 : 0), tone: (c) => (c.recording ? "recording" : undefined) },
    { title: "DID", sortLetter: "I", width: 13, priority: 2, text: (c) => orDash(c.did), sortValue: (c) => c.did ?? "" },
    { title: "GATEWAY", sortLetter: "G", width: 8, priority: 2, text: (c) => orDash(c.gateway), sortValue: (c) => c.gateway ?? "" },
    { title: "LEGS", sortLetter: "L", width: 4, priority: 4, align: "right", text: (c) => String(c.legs.length), sortValue: (c) => c.legs.length },
    { title: "ID", sortLetter: "U", width: 8, priority: 5, text: (c) => c.id.slice(0, 8), sortValue: (c) => c.id },
  ],
  searchText: (c) =>
    [c.direction, c.state, c.from, c.fromName, c.to, c.did, c.gateway, c.recording ? "rec" : "", c.id].filter(Boolean).join(" "),
  details: (c, now) => [
    ["call", c.id],
    ["legs", c.legs.join(", ")],
    ["direction", `${directionMark(c.direction)} ${c.direction}`],
    ["state", c.state],
    ["from", numberAndName(c.from, c.fromName)],
    ["to", c.to],
    ["DID", orDash(c.did)],
    ["gateway", orDash(c.gateway)],
    ["created", formatClock(c.createdAt)],
    ["answered", c.answeredAt ? `${formatClock(c.answeredAt)} (${formatDuration(now - c.answeredAt)} ago)` : "-"],
    ["recording", c.recording ? "yes" : "no"],
  ],
};
