import { dialledNumber } from "../pbx/leg-parties.ts";
import { normalizeDid } from "../pbx/numbers.ts";
import type { Channel, ChannelState } from "./live-types.ts";

type Headers = Readonly<Record<string, string>>;

/** FreeSWITCH times are microseconds; "0" means "not yet". */
export function microsToMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n / 1000) : undefined;
}

const nonEmpty = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
/** A leg made from `sofia/internal/1002%domain` carries that dial string as its destination and callee: shown as 1002. */
const number = (v: string | undefined) => (v === undefined || v === "" ? undefined : dialledNumber(v));

/** `sofia/internal/1001@…` → 1001: a phone's own leg on the internal profile. */
export function extensionFromChannelName(name: string): string | undefined {
  return /^sofia\/internal\/(\d{2,6})@/.exec(name)?.[1];
}

/** `sofia/gateway/belluz/998…` → belluz. */
export function gatewayFromChannelName(name: string): string | undefined {
  return /^sofia\/gateway\/([^/]+)\//.exec(name)?.[1];
}

export function stateFromCallState(callState: string | undefined, answerState: string | undefined): ChannelState {
  if (callState === "HANGUP" || answerState === "hangup") return "hangup";
  if (callState === "HELD") return "held";
  if (answerState === "answered" || callState === "ACTIVE" || callState === "UNHELD") return "answered";
  if (answerState === "early" || callState === "EARLY") return "early";
  return "ringing";
}

/** A DID only exists on a call that came in from a provider into `public`. */
export function didFor(context: string | undefined, direction: string, destination: string): string | undefined {
  return context === "public" && direction === "inbound" ? normalizeDid(destination) : undefined;
}

/**
 * Merges one channel event into what we knew about the leg. Caller identity
 * comes only from `Caller-*`: FreeSWITCH swaps `sip_from_*`/`sip_to_*` after
 * its own hold re-INVITE, so those would show the callee as the caller.
 */
export function channelFromEvent(h: Headers, prev: Channel | undefined, now: number): Channel {
  const uuid = h["Unique-ID"] ?? prev?.uuid ?? "";
  const name = nonEmpty(h["Channel-Name"]) ?? prev?.name ?? "";
  const direction = h["Call-Direction"] === "outbound" ? "outbound" : h["Call-Direction"] === "inbound" ? "inbound" : (prev?.direction ?? "inbound");
  const destination = number(h["Caller-Destination-Number"]) ?? prev?.destination ?? "";
  const context = nonEmpty(h["Caller-Context"]) ?? prev?.context;
  const held = h["Channel-Call-State"] !== undefined ? h["Channel-Call-State"] === "HELD" : (prev?.held ?? false);
  const state = stateFromCallState(h["Channel-Call-State"], h["Answer-State"]);
  const extension =
    prev?.extension ??
    (direction === "inbound" ? nonEmpty(h.variable_user_name) : nonEmpty(h.variable_dialed_user)) ??
    extensionFromChannelName(name);
  const gateway = prev?.gateway ?? nonEmpty(h.variable_sip_gateway_name) ?? gatewayFromChannelName(name);
  const port = Number(h.variable_sip_network_port);
  const otherLeg = nonEmpty(h["Other-Leg-Unique-ID"]);
  const callId =
    prev?.callId ??
    (direction === "outbound" && otherLeg ? otherLeg : (nonEmpty(h["Channel-Call-UUID"]) ?? uuid));
  // Optional fields are assigned, not spread: this runs for every channel event (bench/live-events.ts).
  const ch: Channel = {
    uuid,
    name,
    direction,
    state: prev?.state === "hangup" ? "hangup" : state,
    callerNumber: number(h["Caller-Caller-ID-Number"]) ?? prev?.callerNumber ?? "",
    callerName: nonEmpty(h["Caller-Caller-ID-Name"]) ?? prev?.callerName ?? "",
    calleeNumber: number(h["Caller-Callee-ID-Number"]) ?? prev?.calleeNumber ?? destination,
    calleeName: nonEmpty(h["Caller-Callee-ID-Name"]) ?? prev?.calleeName ?? "",
    destination,
    createdAt: prev?.createdAt ?? microsToMs(h["Caller-Channel-Created-Time"]) ?? now,
    held,
    recording: prev?.recording ?? false,
    callId,
  };
  const did = prev?.did ?? didFor(context, direction, destination);
  const answeredAt = prev?.answeredAt ?? microsToMs(h["Caller-Channel-Answered-Time"]);
  const readCodec = nonEmpty(h["Channel-Read-Codec-Name"]) ?? prev?.readCodec;
  const writeCodec = nonEmpty(h["Channel-Write-Codec-Name"]) ?? prev?.writeCodec;
  const remoteIp = nonEmpty(h.variable_sip_network_ip) ?? prev?.remoteIp;
  const remotePort = Number.isInteger(port) && port > 0 ? port : prev?.remotePort;
  if (context !== undefined) ch.context = context;
  if (extension !== undefined) ch.extension = extension;
  if (gateway !== undefined) ch.gateway = gateway;
  if (did !== undefined) ch.did = did;
  if (answeredAt !== undefined) ch.answeredAt = answeredAt;
  if (prev?.recordingPath !== undefined) ch.recordingPath = prev.recordingPath;
  if (prev?.bridgedTo !== undefined) ch.bridgedTo = prev.bridgedTo;
  if (readCodec !== undefined) ch.readCodec = readCodec;
  if (writeCodec !== undefined) ch.writeCodec = writeCodec;
  if (remoteIp !== undefined) ch.remoteIp = remoteIp;
  if (remotePort !== undefined) ch.remotePort = remotePort;
  return ch;
}

/** Spreads `{key: value}` only when value is defined, so snapshots carry no `undefined` keys. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
