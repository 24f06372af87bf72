import { EndedLegs } from "./ended-legs.ts";
import { channelFromEvent } from "./live-channel.ts";
import { recomputeCalls } from "./live-calls.ts";
import { gatewayFromEvent, registrationFromEvent, statusFromHeartbeat } from "./live-sofia.ts";
import { type CallcenterStep, reduceCallcenter, reduceCallcenterJob } from "./live-callcenter.ts";
import type { Call, Channel, GatewayStatus, LiveChange, QueueAgentState, QueueCaller, Registration, SwitchStatus } from "./live-types.ts";
import type { EslConnectionStatus, EslEvent } from "./port.ts";

/**
 * The pure core of the live view: (state, event, now) → (state, changes).
 * Maps are never mutated; a reducer step copies only the map it touches.
 * Event-Sequence is ignored: it is not monotonic in arrival order.
 */
export type LiveState = {
  readonly channels: ReadonlyMap<string, Channel>;
  readonly calls: ReadonlyMap<string, Call>;
  readonly registrations: ReadonlyMap<string, Registration>;
  readonly gateways: ReadonlyMap<string, GatewayStatus>;
  readonly queueCallers: ReadonlyMap<string, QueueCaller>;
  readonly queueAgents: ReadonlyMap<string, QueueAgentState>;
  readonly status: SwitchStatus;
  /** Recently ended legs: late events for them must not resurrect a channel. */
  readonly ended: EndedLegs;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A change before the store stamps its sequence number. */
export type LiveChangeBody = DistributiveOmit<LiveChange, "seq">;
export type Step = { state: LiveState; changes: LiveChangeBody[] };

const ENDED_MEMORY = 512;

export const emptyLiveState = (esl: EslConnectionStatus = "disconnected"): LiveState => ({
  channels: new Map(),
  calls: new Map(),
  registrations: new Map(),
  gateways: new Map(),
  queueCallers: new Map(),
  queueAgents: new Map(),
  status: { esl },
  ended: EndedLegs.empty(ENDED_MEMORY),
});

const CHANNEL_UPDATES = new Set([
  "CHANNEL_CREATE",
  "CHANNEL_PROGRESS",
  "CHANNEL_PROGRESS_MEDIA",
  "CHANNEL_ANSWER",
  "CHANNEL_CALLSTATE",
  "CHANNEL_HOLD",
  "CHANNEL_UNHOLD",
  "CHANNEL_HANGUP",
  "CHANNEL_BRIDGE",
  "CHANNEL_UNBRIDGE",
  "RECORD_START",
  "RECORD_STOP",
]);
const CHANNEL_ENDS = new Set(["CHANNEL_HANGUP_COMPLETE", "CHANNEL_DESTROY"]);

export function reduceLive(state: LiveState, event: EslEvent, now: number): Step {
  const name: string = event.name;
  if (CHANNEL_UPDATES.has(name)) return updateChannel(state, event, now);
  if (CHANNEL_ENDS.has(name)) return endChannel(state, event.headers["Unique-ID"] ?? "");
  if (name === "HEARTBEAT") return setStatus(state, statusFromHeartbeat(event.headers, state.status, now));
  if (name === "CUSTOM") return reduceCustom(state, event, now);
  if (name === "BACKGROUND_JOB") return applyCallcenter(state, reduceCallcenterJob(state, event.headers, event.body ?? ""));
  return { state, changes: [] };
}

function reduceCustom(state: LiveState, event: EslEvent, now: number): Step {
  const sub = event.subclass ?? event.headers["Event-Subclass"];
  if (sub === "sofia::register") {
    const reg = registrationFromEvent(event.headers, now);
    if (reg.expiresAt <= now) return removeRegistration(state, reg.id);
    return withRegistrations(state, new Map(state.registrations).set(reg.id, reg), [{ kind: "registration", op: "upsert", key: reg.id, value: reg }]);
  }
  if (sub === "sofia::unregister" || sub === "sofia::expire") {
    return removeRegistration(state, registrationFromEvent(event.headers, now).id);
  }
  if (sub === "sofia::gateway_state") {
    const key = event.headers.Gateway ?? "";
    const gw = gatewayFromEvent(event.headers, state.gateways.get(key), now);
    const gateways = new Map(state.gateways).set(key, gw);
    return { state: { ...state, gateways }, changes: [{ kind: "gateway", op: "upsert", key, value: gw }] };
  }
  if (sub === "callcenter::info") return applyCallcenter(state, reduceCallcenter(state, event.headers, now));
  return { state, changes: [] };
}

function applyCallcenter(state: LiveState, step: CallcenterStep): Step {
  const next = { ...state, ...(step.callers ? { queueCallers: step.callers } : {}), ...(step.agents ? { queueAgents: step.agents } : {}) };
  const changes = [
    ...(step.callerKey === undefined ? [] : diffKeys("queueCaller", state.queueCallers, next.queueCallers, [step.callerKey])),
    ...(step.agentKey === undefined ? [] : diffKeys("queueAgent", state.queueAgents, next.queueAgents, [step.agentKey])),
  ];
  return { state: next, changes };
}

function updateChannel(state: LiveState, event: EslEvent, now: number): Step {
  const h = event.headers;
  const uuid = h["Unique-ID"];
  if (!uuid || state.ended.has(uuid)) return { state, changes: [] };
  const prev = state.channels.get(uuid);
  let ch = channelFromEvent(h, prev, now);
  const channels = new Map(state.channels);
  const touchedCalls = new Set([ch.callId]);
  const touchedLegs = [uuid];
  if (prev && prev.callId !== ch.callId) touchedCalls.add(prev.callId);
  const other = h["Other-Leg-Unique-ID"];
  if (event.name === "RECORD_START") ch = { ...ch, recording: true, recordingPath: h["Record-File-Path"] ?? ch.recordingPath };
  if (event.name === "RECORD_STOP") ch = { ...ch, recording: false, recordingPath: h["Record-File-Path"] ?? ch.recordingPath };
  if (event.name === "CHANNEL_BRIDGE" && other) {
    ch = { ...ch, bridgedTo: other };
    const peer = channels.get(other);
    // The peer joins this call: after uuid_bridge or an intercept it may have been its own call.
    if (peer) {
      touchedCalls.add(peer.callId);
      touchedLegs.push(other);
      channels.set(other, { ...peer, bridgedTo: uuid, callId: ch.callId });
    }
  }
  if (event.name === "CHANNEL_UNBRIDGE") {
    const { bridgedTo, ...rest } = ch;
    ch = rest;
    const peer = bridgedTo ? channels.get(bridgedTo) : undefined;
    if (peer && bridgedTo) {
      const { bridgedTo: _gone, ...peerRest } = peer;
      touchedLegs.push(bridgedTo);
      channels.set(bridgedTo, peerRest);
    }
  }
  channels.set(uuid, ch);
  return withChannels(state, channels, touchedLegs, touchedCalls);
}

function endChannel(state: LiveState, uuid: string): Step {
  const ended = state.ended.add(uuid);
  const prev = state.channels.get(uuid);
  if (!prev) return { state: ended === state.ended ? state : { ...state, ended }, changes: [] };
  const channels = new Map(state.channels);
  channels.delete(uuid);
  return withChannels({ ...state, ended }, channels, [uuid], [prev.callId]);
}

/**
 * Applies a new channels map and emits the differences of the legs and calls
 * the step touched: only those can differ, and comparing whole maps on every
 * event would cost O(channels) at call-centre load.
 */
function withChannels(state: LiveState, channels: Map<string, Channel>, legs: readonly string[], callIds: ReadonlySet<string> | readonly string[]): Step {
  const calls = recomputeCalls(state.calls, channels, callIds);
  const changes = [...diffKeys("channel", state.channels, channels, legs), ...diffKeys("call", state.calls, calls, callIds)];
  return { state: { ...state, channels, calls }, changes };
}

function withRegistrations(state: LiveState, registrations: Map<string, Registration>, changes: LiveChangeBody[]): Step {
  return { state: { ...state, registrations }, changes };
}

function removeRegistration(state: LiveState, id: string): Step {
  if (!state.registrations.has(id)) return { state, changes: [] };
  const registrations = new Map(state.registrations);
  registrations.delete(id);
  return withRegistrations(state, registrations, [{ kind: "registration", op: "remove", key: id }]);
}

export function setStatus(state: LiveState, status: SwitchStatus): Step {
  if (sameValue(state.status, status)) return { state, changes: [] };
  return { state: { ...state, status }, changes: [{ kind: "status", op: "upsert", key: "status", value: status }] };
}

/** ESL connection changes: channels stay (calls go on without us) until the resync on reconnect corrects them. */
export function setEslStatus(state: LiveState, esl: EslConnectionStatus, now: number): Step {
  if (state.status.esl === esl) return { state, changes: [] };
  return setStatus(state, { ...state.status, esl, eslSince: now });
}

/** Drops registrations whose expiry passed without a renewal. */
export function pruneExpired(state: LiveState, now: number): Step {
  const expired = [...state.registrations.values()].filter((r) => r.expiresAt <= now);
  if (expired.length === 0) return { state, changes: [] };
  const registrations = new Map(state.registrations);
  for (const r of expired) registrations.delete(r.id);
  return withRegistrations(
    state,
    registrations,
    expired.map((r) => ({ kind: "registration", op: "remove", key: r.id })),
  );
}

/** Replaces everything with a fresh picture (resync) and emits the difference. */
export function replaceLive(state: LiveState, next: Omit<LiveState, "ended">): Step {
  const changes: LiveChangeBody[] = [
    ...diffMap("channel", state.channels, next.channels),
    ...diffMap("call", state.calls, next.calls),
    ...diffMap("registration", state.registrations, next.registrations),
    ...diffMap("gateway", state.gateways, next.gateways),
    ...diffMap("queueCaller", state.queueCallers, next.queueCallers),
    ...diffMap("queueAgent", state.queueAgents, next.queueAgents),
  ];
  const status = setStatus(state, next.status).changes;
  return { state: { ...next, ended: state.ended }, changes: [...changes, ...status] };
}

type Kinded = { channel: Channel; call: Call; registration: Registration; gateway: GatewayStatus; queueCaller: QueueCaller; queueAgent: QueueAgentState };

function diffKeys<K extends keyof Kinded>(
  kind: K,
  before: ReadonlyMap<string, Kinded[K]>,
  after: ReadonlyMap<string, Kinded[K]>,
  keys: Iterable<string>,
): LiveChangeBody[] {
  const out: LiveChangeBody[] = [];
  for (const key of new Set(keys)) {
    const old = before.get(key);
    const value = after.get(key);
    if (value === undefined) {
      if (old !== undefined) out.push({ kind, op: "remove", key } as LiveChangeBody);
    } else if (old === undefined || (old !== value && !sameValue(old, value))) {
      out.push({ kind, op: "upsert", key, value } as LiveChangeBody);
    }
  }
  return out;
}

function diffMap<K extends keyof Kinded>(kind: K, before: ReadonlyMap<string, Kinded[K]>, after: ReadonlyMap<string, Kinded[K]>): LiveChangeBody[] {
  const out: LiveChangeBody[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === value || (old && sameValue(old, value))) continue;
    out.push({ kind, op: "upsert", key, value } as LiveChangeBody);
  }
  for (const key of before.keys()) if (!after.has(key)) out.push({ kind, op: "remove", key } as LiveChangeBody);
  return out;
}

/** Shallow equality for our flat records (arrays of strings compared by element). */
export function sameValue(a: object, b: object): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}
