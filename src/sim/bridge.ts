/**
 * The dialplan's `bridge <dial string>`: ring every target at once, bridge
 * the first to answer (the others lose the race), or fail with the cause
 * FreeSWITCH would report — which the dialplan then acts on.
 */
import type { Channel, LegKind } from "./channel.ts";
import { parseDialString } from "./dial-string.ts";
import { ringTargets, type RingTarget } from "./ring-targets.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";

export type BridgeResult = { bridged: true } | { bridged: false; cause: string };

export type BridgeRequest = {
  farEnd: FarEnd;
  /** record_session ran before the bridge: recording starts when the call is answered. */
  recordPath?: string;
  done: (result: BridgeResult) => void;
};

function remoteOf(target: RingTarget): { ip: string; port: number; userAgent: string } {
  if (target.kind === "phone") return { ip: target.reg.networkIp, port: target.reg.networkPort, userAgent: target.reg.userAgent };
  const [ip = "127.0.0.1", port = "5090"] = target.gateway.proxy.split(":");
  return { ip, port: Number(port), userAgent: "belluz-sbc" };
}

function newBLeg(core: SwitchCore, a: Channel, target: RingTarget): Channel {
  const remote = remoteOf(target);
  const kind: LegKind = target.kind === "phone" ? "phone-out" : "gateway-out";
  const b = core.model.createLeg({
    uuid: core.newUuid(),
    kind,
    callUuid: a.uuid,
    nowMicros: core.model.nowMicros(),
    // The dial string's origination_caller_id_* win (a ring group's prefixed name), as switch_ivr_originate applies them.
    callerName: target.variables.get("origination_caller_id_name") ?? a.variablesMap.get("effective_caller_id_name") ?? a.profile.callerIdName,
    callerNumber: target.variables.get("origination_caller_id_number") ?? a.variablesMap.get("effective_caller_id_number") ?? a.profile.callerIdNumber,
    destination: target.kind === "phone" ? target.reg.user : target.number,
    context: a.profile.context,
    domain: core.domain,
    remote,
    userAgent: remote.userAgent,
    sessionId: core.nextSessionId(),
    origCaller: { name: a.profile.callerIdName, number: a.profile.callerIdNumber },
    ...(target.kind === "gateway" ? { gateway: target.gateway.name } : {}),
    originator: a.uuid,
  });
  for (const [name, value] of target.variables) b.variablesMap.set(name, value);
  if (target.kind === "gateway") target.gateway.callsOut++;
  return b;
}

/** leg_timeout on the dial string, else the caller's call_timeout, else the simulator's default. */
function ringTimeoutMs(core: SwitchCore, a: Channel, targets: RingTarget[]): number {
  const seconds = Number(targets[0]?.variables.get("leg_timeout") ?? a.variablesMap.get("call_timeout"));
  return seconds > 0 ? seconds * 1000 : core.timing.ringTimeoutMs;
}

function answerAfterMs(core: SwitchCore, farEnd: FarEnd, targets: RingTarget[]): number {
  if (farEnd.reject === "NO_ANSWER") return Infinity;
  if (farEnd.answerAfterMs !== undefined) return farEnd.answerAfterMs;
  const first = targets[0];
  return (first?.kind === "phone" ? core.answerDelay(first.reg.user) : undefined) ?? core.timing.answerMs;
}

export function bridge(core: SwitchCore, a: Channel, data: string, request: BridgeRequest): void {
  void ringTargets({ model: core.model, lookups: core.lookups, domain: core.domain }, parseDialString(data)).then(({ targets, cause }) => {
    if (!core.model.channel(a.uuid)) return;
    if (targets.length === 0) return request.done({ bridged: false, cause: cause ?? "NO_ROUTE_DESTINATION" });
    ring(core, a, targets, request);
  });
}

/** B legs ring; the first to answer is bridged to A, the others hang up with LOSE_RACE. */
function ring(core: SwitchCore, a: Channel, targets: RingTarget[], request: BridgeRequest): void {
  const { model, clock, timing } = core;
  const { farEnd } = request;
  const legs = targets.map((t) => newBLeg(core, a, t).uuid);
  const fail = (cause: string) => {
    if (!model.channel(a.uuid)) return;
    for (const b of legs) model.hangup(b, cause);
    request.done({ bridged: false, cause });
  };
  clock.after(timing.ringMs, () => {
    for (const b of legs) model.ringing(b);
  });
  if (farEnd.reject && farEnd.reject !== "NO_ANSWER") {
    clock.after(timing.ringMs * 2, () => fail(farEnd.reject!));
    return;
  }
  const timeout = ringTimeoutMs(core, a, targets);
  const answerAfter = answerAfterMs(core, farEnd, targets);
  if (answerAfter >= timeout) {
    clock.after(timeout, () => fail("NO_ANSWER"));
    return;
  }
  clock.after(timing.ringMs + answerAfter, () => {
    const winner = legs.find((b) => model.channel(b));
    if (!winner || !model.channel(a.uuid)) return;
    for (const loser of legs) if (loser !== winner) model.hangup(loser, "LOSE_RACE");
    model.answer(winner);
    model.answer(a.uuid);
    model.bridge(a.uuid, winner);
    if (request.recordPath) model.recordStart(a.uuid, request.recordPath);
    if (farEnd.durationMs !== undefined) {
      const by = farEnd.hangupBy === "callee" ? winner : a.uuid;
      clock.after(farEnd.durationMs, () => model.hangup(by, "NORMAL_CLEARING"));
    }
    request.done({ bridged: true });
  });
}
