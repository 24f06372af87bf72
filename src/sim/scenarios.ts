/**
 * Scripted call flows: a call placed by the control API (or an originate)
 * is routed by the simulator's dialplan, rings, is answered, bridged and
 * hung up over time. Every step is a PbxModel call scheduled on the clock,
 * so the events and `show channels` move together.
 */
import type { SimClock } from "./clock.ts";
import type { Channel, LegKind } from "./channel.ts";
import type { PbxModel } from "./pbx-model.ts";
import { routeNumber, type RouteDecision, type SimDialplan } from "./sim-dialplan.ts";

export type Timing = {
  /** From CHANNEL_CREATE to the dialplan running. */
  routeMs: number;
  /** From a B leg's creation to its 180 Ringing. */
  ringMs: number;
  /** How long a phone or the provider rings before answering, unless a call says otherwise. */
  answerMs: number;
  /** call_timeout / originate_timeout. */
  ringTimeoutMs: number;
};

export const DEFAULT_TIMING: Timing = { routeMs: 20, ringMs: 100, answerMs: 3_000, ringTimeoutMs: 30_000 };

export type PlaceCallOptions = {
  from: string;
  to: string;
  direction: "inbound" | "outbound" | "internal";
  /** For inbound calls: the DID dialled; defaults to `to`. */
  did?: string;
  callerName?: string;
  answerAfterMs?: number;
  /** After the bridge; omitted means the call lasts until something hangs it up. */
  durationMs?: number;
  /** Which side hangs up when durationMs runs out. */
  hangupBy?: "caller" | "callee";
  /** The dialplan records the call (record_session) from the moment it is bridged. */
  record?: boolean;
  /** The destination does not answer (ring timeout) or rejects with this cause. */
  reject?: "NO_ANSWER" | "USER_BUSY" | "CALL_REJECTED";
  uuid?: string;
};

export type PlacedCall = { uuid: string; callUuid: string };

type Outcome = Pick<PlaceCallOptions, "answerAfterMs" | "durationMs" | "hangupBy" | "reject" | "record">;

const RECORDINGS_DIR = "/var/lib/callboard/recordings";

/** Dated folders, as callboard's dialplan lays them out. */
export function recordingPath(uuid: string, nowMs: number): string {
  return `${RECORDINGS_DIR}/${new Date(nowMs).toISOString().slice(0, 10)}/${uuid}.wav`;
}

export class CallFlows {
  private sessionId = 1;
  /** target uuid → the legs listening to it (eavesdrop ends with its target). */
  private readonly listeners = new Map<string, string[]>();

  constructor(
    private readonly model: PbxModel,
    private readonly clock: SimClock,
    readonly plan: SimDialplan,
    readonly timing: Timing,
    private readonly newUuid: () => string,
  ) {
    model.onEvent((event) => {
      if (event.name !== "CHANNEL_DESTROY") return;
      const target = event.headers.find(([name]) => name === "Unique-ID")?.[1] ?? "";
      const listening = this.listeners.get(target);
      if (!listening) return;
      this.listeners.delete(target);
      this.clock.after(0, () => {
        for (const uuid of listening) this.model.hangup(uuid, "NORMAL_CLEARING");
      });
    });
  }

  eavesdrop(listenerUuid: string, targetUuid: string): void {
    this.listeners.set(targetUuid, [...(this.listeners.get(targetUuid) ?? []), listenerUuid]);
  }

  private remoteOf(user: string): { ip: string; port: number; userAgent: string } {
    const reg = this.model.registrations.get(user);
    return reg ? { ip: reg.networkIp, port: reg.networkPort, userAgent: reg.userAgent } : { ip: "127.0.0.1", port: 5060, userAgent: "MicroSIP/3.21.3" };
  }

  private providerRemote(): { ip: string; port: number } {
    const gw = this.model.gateways.get(this.plan.defaultGateway);
    const [ip = "127.0.0.1", port = "5090"] = (gw?.proxy ?? "127.0.0.1:5090").split(":");
    return { ip, port: Number(port) };
  }

  /** Starts a call now; the rest of its life is scheduled on the clock. */
  placeCall(opts: PlaceCallOptions): PlacedCall {
    const uuid = opts.uuid ?? this.newUuid();
    const fromProvider = opts.direction === "inbound";
    const remote = fromProvider ? { ...this.providerRemote(), userAgent: "belluz-sbc" } : this.remoteOf(opts.from);
    const destination = fromProvider ? (opts.did ?? opts.to) : opts.to;
    const a = this.model.createLeg({
      uuid,
      kind: fromProvider ? "provider-in" : "phone-in",
      callUuid: uuid,
      nowMicros: this.model.nowMicros(),
      callerName: opts.callerName ?? (fromProvider ? undefined : this.model.registrations.get(opts.from)?.callerIdName) ?? opts.from,
      callerNumber: opts.from,
      destination,
      context: fromProvider ? "public" : "default",
      domain: this.plan.domain,
      remote,
      userAgent: remote.userAgent,
      sessionId: this.sessionId++,
    });
    if (fromProvider) this.bumpGateway(this.plan.defaultGateway, "in");
    this.clock.after(this.timing.routeMs, () => this.routeFromDialplan(a.uuid, opts));
    return { uuid, callUuid: uuid };
  }

  private routeFromDialplan(uuid: string, outcome: Outcome): void {
    const a = this.model.channel(uuid);
    if (!a) return;
    this.connect(a, routeNumber(this.plan, a.profile.context, a.profile.destinationNumber), outcome);
  }

  /** Runs the dialplan's decision for a leg that is already up or ringing. */
  connect(a: Channel, decision: RouteDecision, outcome: Outcome): void {
    if (decision.kind === "reject") {
      this.model.route(a.uuid, "hangup", decision.cause);
      this.model.hangup(a.uuid, decision.cause);
      return;
    }
    if (outcome.record) this.model.logApp(a.uuid, "record_session", recordingPath(a.uuid, this.clock.now()));
    if (decision.kind === "gateway") {
      const gw = this.model.gateways.get(decision.gateway);
      this.model.route(a.uuid, "bridge", `sofia/gateway/${decision.gateway}/${decision.number}`);
      if (!gw || gw.status === "DOWN") {
        if (gw) gw.failedCallsOut++;
        this.model.hangup(a.uuid, gw ? "GATEWAY_DOWN" : "INVALID_GATEWAY");
        return;
      }
      this.bumpGateway(gw.name, "out");
      const b = this.newBLeg(a, "gateway-out", decision.number, { ...this.providerRemote(), userAgent: "belluz-sbc" }, gw.name);
      this.ringThenAnswer(a.uuid, [b.uuid], outcome);
      return;
    }
    const members = decision.kind === "extension" ? [decision.extension] : decision.members;
    const data = members.map((m) => `user/${m}@${this.plan.domain}`).join(",");
    this.model.route(a.uuid, "bridge", data);
    const reachable = members.filter((m) => this.model.registrations.has(m));
    if (reachable.length === 0) {
      this.model.hangup(a.uuid, "USER_NOT_REGISTERED");
      return;
    }
    const legs = reachable.map((m) => this.newBLeg(a, "phone-out", m, this.remoteOf(m)).uuid);
    this.ringThenAnswer(a.uuid, legs, outcome);
  }

  private newBLeg(a: Channel, kind: LegKind, destination: string, remote: { ip: string; port: number; userAgent: string }, gateway?: string): Channel {
    const caller = a.variablesMap.get("effective_caller_id_name") ?? a.profile.callerIdName;
    const callerNumber = a.variablesMap.get("effective_caller_id_number") ?? a.profile.callerIdNumber;
    const b = this.model.createLeg({
      uuid: this.newUuid(),
      kind,
      callUuid: a.uuid,
      nowMicros: this.model.nowMicros(),
      callerName: caller,
      callerNumber,
      destination,
      context: a.profile.context,
      domain: this.plan.domain,
      remote,
      userAgent: remote.userAgent,
      sessionId: this.sessionId++,
      origCaller: { name: a.profile.callerIdName, number: a.profile.callerIdNumber },
      ...(gateway ? { gateway } : {}),
      originator: a.uuid,
    });
    return b;
  }

  /** B legs ring; the first to answer is bridged to A, the others lose the race. */
  private ringThenAnswer(aUuid: string, bUuids: string[], outcome: Outcome): void {
    this.clock.after(this.timing.ringMs, () => {
      for (const b of bUuids) this.model.ringing(b);
    });
    if (outcome.reject && outcome.reject !== "NO_ANSWER") {
      this.clock.after(this.timing.ringMs * 2, () => this.failBLegs(aUuid, bUuids, outcome.reject!));
      return;
    }
    const timeout = this.timing.ringTimeoutMs;
    const answerAfter = outcome.reject === "NO_ANSWER" ? Infinity : (outcome.answerAfterMs ?? this.timing.answerMs);
    if (answerAfter >= timeout) {
      this.clock.after(timeout, () => this.failBLegs(aUuid, bUuids, "NO_ANSWER"));
      return;
    }
    this.clock.after(this.timing.ringMs + answerAfter, () => {
      const winner = bUuids.find((b) => this.model.channel(b));
      if (!winner || !this.model.channel(aUuid)) return;
      for (const loser of bUuids) if (loser !== winner) this.model.hangup(loser, "LOSE_RACE");
      this.model.answer(winner);
      this.model.answer(aUuid);
      this.model.bridge(aUuid, winner);
      const recordApp = this.model.channel(aUuid)?.appLog.findLast((app) => app.name === "record_session");
      if (outcome.record && recordApp) this.model.recordStart(aUuid, recordApp.data);
      if (outcome.durationMs !== undefined) {
        const by = outcome.hangupBy === "callee" ? winner : aUuid;
        this.clock.after(outcome.durationMs, () => this.model.hangup(by, "NORMAL_CLEARING"));
      }
    });
  }

  private failBLegs(aUuid: string, bUuids: string[], cause: string): void {
    for (const b of bUuids) this.model.hangup(b, cause);
    this.model.hangup(aUuid, cause);
  }

  private bumpGateway(name: string, way: "in" | "out"): void {
    const gw = this.model.gateways.get(name);
    if (!gw) return;
    if (way === "in") gw.callsIn++;
    else gw.callsOut++;
  }

  /** uuid_transfer: the leg leaves its bridge (its peer hangs up) and is routed to `destination`. */
  transfer(uuid: string, destination: string, context: string): boolean {
    const leg = this.model.channel(uuid);
    if (!leg) return false;
    const former = this.model.unbridge(uuid);
    if (former) this.model.hangup(former.uuid, "NORMAL_CLEARING");
    leg.originator = undefined;
    leg.other = undefined;
    this.model.transfer(uuid, destination, context);
    this.clock.after(this.timing.routeMs, () => {
      const still = this.model.channel(uuid);
      if (still) this.connect(still, routeNumber(this.plan, context, destination), {});
    });
    return true;
  }

  /** Answers an originated leg, unless the phone never picks up. Resolves with the FreeSWITCH reply text. */
  answerOriginated(leg: Channel, timeoutMs: number, answerAfterMs: number): Promise<string> {
    return new Promise((resolve) => {
      this.clock.after(this.timing.ringMs, () => this.model.ringing(leg.uuid));
      if (answerAfterMs >= timeoutMs) {
        this.clock.after(timeoutMs, () => {
          this.model.hangup(leg.uuid, "NO_ANSWER");
          resolve("-ERR NO_ANSWER\n");
        });
        return;
      }
      this.clock.after(this.timing.ringMs + answerAfterMs, () => {
        if (!this.model.channel(leg.uuid)) return resolve(`-ERR ${leg.hangupCause ?? "ORIGINATOR_CANCEL"}\n`);
        this.model.answer(leg.uuid);
        resolve(`+OK ${leg.uuid}\n`);
      });
    });
  }

  nextSessionId(): number {
    return this.sessionId++;
  }
}
