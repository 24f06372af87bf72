/**
 * Header lists in the order FreeSWITCH 1.10 writes them (taken from the
 * captured events): the core block every event starts with, then for
 * channel events the channel block, the caller profile, the other leg's
 * profile, the channel variables, and event-specific trailers.
 */
import type { Header, SimEvent } from "./frames.ts";

export type SwitchIdentity = {
  coreUuid: string;
  hostname: string;
  switchname: string;
  ipv4: string;
  ipv6: string;
  /** Offset of Event-Date-Local from GMT. */
  utcOffsetMinutes: number;
  /** The release tag of the version reported (`1.10.12-<release>`); FreeSWITCH's own says "release". */
  release?: string;
};

export type EventStamp = { micros: number; sequence: number };

export type CallingSite = readonly [file: string, func: string, line: number];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function localDate(ms: number, utcOffsetMinutes: number): string {
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function coreHeaders(name: string, id: SwitchIdentity, stamp: EventStamp, site: CallingSite): Header[] {
  const ms = Math.floor(stamp.micros / 1000);
  return [
    ["Event-Name", name],
    ["Core-UUID", id.coreUuid],
    ["FreeSWITCH-Hostname", id.hostname],
    ["FreeSWITCH-Switchname", id.switchname],
    ["FreeSWITCH-IPv4", id.ipv4],
    ["FreeSWITCH-IPv6", id.ipv6],
    ["Event-Date-Local", localDate(ms, id.utcOffsetMinutes)],
    ["Event-Date-GMT", new Date(ms).toUTCString()],
    ["Event-Date-Timestamp", String(stamp.micros)],
    ["Event-Calling-File", site[0]],
    ["Event-Calling-Function", site[1]],
    ["Event-Calling-Line-Number", String(site[2])],
    ["Event-Sequence", String(stamp.sequence)],
  ];
}

export function customEvent(
  subclass: string,
  id: SwitchIdentity,
  stamp: EventStamp,
  site: CallingSite,
  fields: readonly Header[],
): SimEvent {
  return {
    name: "CUSTOM",
    subclass,
    headers: [["Event-Subclass", subclass], ...coreHeaders("CUSTOM", id, stamp, site), ...fields],
  };
}

/** Microsecond times a caller profile carries; 0 means "not yet". */
export type ProfileTimes = {
  profileCreated: number;
  created: number;
  answered: number;
  progress: number;
  progressMedia: number;
  hangup: number;
  transfer: number;
  resurrect: number;
  bridged: number;
  lastHold: number;
  holdAccum: number;
};

export type CallerProfile = {
  direction: "inbound" | "outbound";
  logicalDirection: "inbound" | "outbound";
  username: string;
  dialplan: string;
  callerIdName: string;
  callerIdNumber: string;
  origCallerIdName: string;
  origCallerIdNumber: string;
  calleeIdName?: string;
  calleeIdNumber?: string;
  networkAddr: string;
  ani: string;
  destinationNumber: string;
  uniqueId: string;
  source: string;
  /** Set by a transfer: `<epoch>:<profile uuid>:bl_xfer:<exten>/<context>/<dialplan>`. */
  transferSource?: string;
  context: string;
  /** Set by a transfer: the destination the leg had before it. */
  rdnis?: string;
  channelName: string;
  profileIndex: number;
  times: ProfileTimes;
};

export function profileHeaders(prefix: string, p: CallerProfile, withIndex: boolean): Header[] {
  const h: Header[] = [
    [`${prefix}-Direction`, p.direction],
    [`${prefix}-Logical-Direction`, p.logicalDirection],
    [`${prefix}-Username`, p.username],
    [`${prefix}-Dialplan`, p.dialplan],
    [`${prefix}-Caller-ID-Name`, p.callerIdName],
    [`${prefix}-Caller-ID-Number`, p.callerIdNumber],
    [`${prefix}-Orig-Caller-ID-Name`, p.origCallerIdName],
    [`${prefix}-Orig-Caller-ID-Number`, p.origCallerIdNumber],
  ];
  if (p.calleeIdName !== undefined) h.push([`${prefix}-Callee-ID-Name`, p.calleeIdName]);
  if (p.calleeIdNumber !== undefined) h.push([`${prefix}-Callee-ID-Number`, p.calleeIdNumber]);
  h.push(
    [`${prefix}-Network-Addr`, p.networkAddr],
    [`${prefix}-ANI`, p.ani],
    [`${prefix}-Destination-Number`, p.destinationNumber],
    [`${prefix}-Unique-ID`, p.uniqueId],
    [`${prefix}-Source`, p.source],
  );
  // switch_caller_profile_event_set_data writes these only when set.
  if (p.transferSource !== undefined) h.push([`${prefix}-Transfer-Source`, p.transferSource]);
  h.push([`${prefix}-Context`, p.context]);
  if (p.rdnis !== undefined) h.push([`${prefix}-RDNIS`, p.rdnis]);
  h.push([`${prefix}-Channel-Name`, p.channelName]);
  if (withIndex) h.push([`${prefix}-Profile-Index`, String(p.profileIndex)]);
  const t = p.times;
  h.push(
    [`${prefix}-Profile-Created-Time`, String(t.profileCreated)],
    [`${prefix}-Channel-Created-Time`, String(t.created)],
    [`${prefix}-Channel-Answered-Time`, String(t.answered)],
    [`${prefix}-Channel-Progress-Time`, String(t.progress)],
    [`${prefix}-Channel-Progress-Media-Time`, String(t.progressMedia)],
    [`${prefix}-Channel-Hangup-Time`, String(t.hangup)],
    [`${prefix}-Channel-Transfer-Time`, String(t.transfer)],
    [`${prefix}-Channel-Resurrect-Time`, String(t.resurrect)],
    [`${prefix}-Channel-Bridged-Time`, String(t.bridged)],
    [`${prefix}-Channel-Last-Hold`, String(t.lastHold)],
    [`${prefix}-Channel-Hold-Accum`, String(t.holdAccum)],
    [`${prefix}-Screen-Bit`, "true"],
    [`${prefix}-Privacy-Hide-Name`, "false"],
    [`${prefix}-Privacy-Hide-Number`, "false"],
  );
  return h;
}

export type Codec = { name: string; rate: number; bitRate: number };

/** What switch_channel_event_set_data needs from a channel. */
export type ChannelSnapshot = {
  state: string;
  callState: string;
  stateNumber: number;
  name: string;
  uuid: string;
  direction: "inbound" | "outbound";
  hitDialplan: boolean;
  presenceId?: string;
  callUuid: string;
  answerState: string;
  hangupCause?: string;
  codec?: Codec;
  profile: CallerProfile;
  other?: { type: "originator" | "originatee"; profile: CallerProfile };
  variables: readonly Header[];
};

export function channelHeaders(ch: ChannelSnapshot, withVariables: boolean): Header[] {
  const h: Header[] = [
    ["Channel-State", ch.state],
    ["Channel-Call-State", ch.callState],
    ["Channel-State-Number", String(ch.stateNumber)],
    ["Channel-Name", ch.name],
    ["Unique-ID", ch.uuid],
    ["Call-Direction", ch.direction],
    ["Presence-Call-Direction", ch.direction],
    ["Channel-HIT-Dialplan", String(ch.hitDialplan)],
  ];
  if (ch.presenceId !== undefined) h.push(["Channel-Presence-ID", ch.presenceId]);
  h.push(["Channel-Call-UUID", ch.callUuid], ["Answer-State", ch.answerState]);
  if (ch.hangupCause !== undefined) h.push(["Hangup-Cause", ch.hangupCause]);
  if (ch.codec) {
    const c = ch.codec;
    h.push(
      ["Channel-Read-Codec-Name", c.name],
      ["Channel-Read-Codec-Rate", String(c.rate)],
      ["Channel-Read-Codec-Bit-Rate", String(c.bitRate)],
      ["Channel-Write-Codec-Name", c.name],
      ["Channel-Write-Codec-Rate", String(c.rate)],
      ["Channel-Write-Codec-Bit-Rate", String(c.bitRate)],
    );
  }
  h.push(...profileHeaders("Caller", ch.profile, true));
  if (ch.other) h.push(["Other-Type", ch.other.type], ...profileHeaders("Other-Leg", ch.other.profile, false));
  if (withVariables) for (const [name, value] of ch.variables) h.push([`variable_${name}`, value]);
  return h;
}

export type ChannelEventSpec = {
  site: CallingSite;
  /** Headers FreeSWITCH adds before the channel data (Bridge-A-Unique-ID, …). */
  before?: readonly Header[];
  /** Headers added after it (Record-File-Path, …). */
  after?: readonly Header[];
  withVariables: boolean;
};

export function channelEvent(
  name: string,
  id: SwitchIdentity,
  stamp: EventStamp,
  ch: ChannelSnapshot,
  spec: ChannelEventSpec,
): SimEvent {
  return {
    name,
    headers: [
      ...coreHeaders(name, id, stamp, spec.site),
      ...(spec.before ?? []),
      ...channelHeaders(ch, spec.withVariables),
      ...(spec.after ?? []),
    ],
  };
}
