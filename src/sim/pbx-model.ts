/**
 * The simulated switch's state: channels and calls here, registrations and
 * gateways in SofiaState beneath. Every change goes through a method that
 * updates the state *and* fires the events FreeSWITCH would fire for it, so
 * `show channels` and the event stream can never disagree.
 */
import type { Header } from "./frames.ts";
import { channelEvent, type CallingSite } from "./event-headers.ts";
import { newLeg, profileCopy, PCMU, type Channel, type LegSpec } from "./channel.ts";
import { SITES } from "./calling-sites.ts";
import { SofiaState } from "./sofia-state.ts";
import { forwardsLeft, transferLeg } from "./session-transfer.ts";

export type { ModelOptions } from "./model-events.ts";

const CALL_STATE_NUMBERS: Record<string, number> = {
  DOWN: 0, DIALING: 1, RINGING: 2, EARLY: 3, ACTIVE: 4, HELD: 5, RING_WAIT: 6, HANGUP: 7, UNHELD: 8,
};

export class PbxModel extends SofiaState {
  readonly channels = new Map<string, Channel>();
  sessionsSinceStartup = 0;
  peakSessions = 0;
  private readonly legEndListeners = new Set<(leg: Channel) => void>();

  /** Called with each leg's final state right after its CHANNEL_DESTROY, as mod_json_cdr is. */
  onLegEnd(listener: (leg: Channel) => void): () => void {
    this.legEndListeners.add(listener);
    return () => this.legEndListeners.delete(listener);
  }

  private fireChannel(name: string, ch: Channel, site: CallingSite, extra: { before?: Header[]; after?: Header[]; vars?: boolean } = {}) {
    this.fire(channelEvent(name, this.identity, this.stamp(), ch, { site, withVariables: extra.vars ?? true, ...extra }));
  }

  private setCallState(ch: Channel, callState: string): void {
    const before: Header[] = [
      ["Original-Channel-Call-State", ch.callState],
      ["Channel-Call-State-Number", String(CALL_STATE_NUMBERS[callState] ?? 0)],
    ];
    ch.callState = callState;
    this.fireChannel("CHANNEL_CALLSTATE", ch, SITES.callstate, { before, vars: false });
  }

  channel(uuid: string): Channel | undefined {
    return this.channels.get(uuid);
  }

  createLeg(spec: LegSpec): Channel {
    const ch = newLeg(spec);
    this.channels.set(ch.uuid, ch);
    this.sessionsSinceStartup++;
    this.peakSessions = Math.max(this.peakSessions, this.channels.size);
    if (ch.originator) this.link(ch.originator, ch);
    this.fireChannel("CHANNEL_CREATE", ch, SITES.create);
    return ch;
  }

  /** B leg `b` was originated by `aUuid`: each keeps a copy of the other's profile. */
  link(aUuid: string, b: Channel): void {
    const a = this.channels.get(aUuid);
    if (!a) return;
    b.originator = aUuid;
    b.other = { type: "originator", profile: profileCopy(a.profile) };
  }

  /** The leg hunts the dialplan: a new call starts ringing back to its caller. */
  routing(uuid: string): void {
    const ch = this.channels.get(uuid);
    if (!ch) return;
    ch.state = "CS_ROUTING";
    ch.stateNumber = 2;
    // switch_channel_perform_set_running_state: an inbound leg routing again (a transfer) rings again, answered or not.
    if (ch.callState === "DOWN" || (ch.direction === "inbound" && ch.callState !== "RINGING")) this.setCallState(ch, "RINGING");
  }

  /** The leg runs a dialplan application (set, bridge, …): show channels and the CDR's app_log name it. */
  execute(uuid: string, application: string, applicationData: string): void {
    const ch = this.channels.get(uuid);
    if (!ch) return;
    // …and is active again once it executes, if it was answered.
    if (ch.state !== "CS_EXECUTE" && ch.direction === "inbound" && ch.answerState === "answered" && ch.callState !== "ACTIVE") this.setCallState(ch, "ACTIVE");
    ch.state = "CS_EXECUTE";
    ch.stateNumber = 4;
    ch.application = application;
    ch.applicationData = applicationData;
    this.logApp(uuid, application, applicationData);
    ch.variablesMap.set("current_application", application).set("current_application_data", applicationData);
  }

  private logApp(uuid: string, name: string, data: string): void {
    const ch = this.channels.get(uuid);
    ch?.appLog.push({ name, data, stampMicros: this.nowMicros(), profileIndex: ch.history.length + 1 });
  }

  /** The far end of a B leg rings (180); its A leg hears ringback. */
  ringing(uuid: string): void {
    const b = this.channels.get(uuid);
    if (!b) return;
    b.state = "CS_CONSUME_MEDIA";
    b.stateNumber = 7;
    b.profile.times.progress = this.nowMicros();
    this.fireChannel("CHANNEL_PROGRESS", b, SITES.progress);
    this.setCallState(b, "RINGING");
    const a = b.originator ? this.channels.get(b.originator) : undefined;
    if (a && a.profile.times.progress === 0) {
      a.profile.times.progress = a.profile.times.created;
      a.profile.calleeIdName = b.profile.calleeIdName ?? "Outbound Call";
      a.profile.calleeIdNumber = b.profile.destinationNumber;
      this.fireChannel("CHANNEL_PROGRESS", a, SITES.progress);
    }
  }

  answer(uuid: string): void {
    const ch = this.channels.get(uuid);
    if (!ch || ch.answerState === "answered" || ch.answerState === "hangup") return;
    ch.answerState = "answered";
    ch.codec = PCMU;
    ch.profile.times.answered = this.nowMicros();
    ch.variablesMap.set("endpoint_disposition", "ANSWER");
    if (ch.direction === "outbound") ch.calleeDirection = "SEND";
    this.fireChannel("CHANNEL_ANSWER", ch, SITES.answer);
    this.setCallState(ch, "ACTIVE");
  }

  bridge(aUuid: string, bUuid: string): void {
    const a = this.channels.get(aUuid);
    const b = this.channels.get(bUuid);
    if (!a || !b) return;
    const now = this.nowMicros();
    a.peer = b.uuid;
    b.peer = a.uuid;
    a.profile.times.bridged = now;
    b.profile.times.bridged = now;
    a.other = { type: "originatee", profile: profileCopy(b.profile) };
    a.calleeDirection = "SEND";
    a.sentCallee = { name: b.profile.calleeIdName ?? "Outbound Call", number: b.profile.destinationNumber };
    b.sentCallee = { name: a.profile.callerIdName, number: a.profile.callerIdNumber };
    a.variablesMap.set("bridge_to", b.uuid).set("last_bridge_to", b.uuid).set("bridge_channel", b.name).set("bridge_uuid", b.uuid);
    b.variablesMap.set("bridge_to", a.uuid).set("last_bridge_to", a.uuid).set("bridge_channel", a.name).set("bridge_uuid", a.uuid);
    const ids: Header[] = [["Bridge-A-Unique-ID", a.uuid], ["Bridge-B-Unique-ID", b.uuid]];
    this.fireChannel("CHANNEL_BRIDGE", a, SITES.bridge, { before: ids });
    b.state = "CS_EXCHANGE_MEDIA";
    b.stateNumber = 5;
  }

  hold(uuid: string, on: boolean): boolean {
    const ch = this.channels.get(uuid);
    if (!ch || ch.answerState !== "answered" || ch.held === on) return false;
    ch.held = on;
    const now = this.nowMicros();
    if (on) ch.profile.times.lastHold = now;
    else ch.profile.times.holdAccum += now - ch.profile.times.lastHold;
    this.setCallState(ch, on ? "HELD" : "UNHELD");
    this.fireChannel(on ? "CHANNEL_HOLD" : "CHANNEL_UNHOLD", ch, on ? SITES.hold : SITES.unhold);
    if (!on) this.setCallState(ch, "ACTIVE");
    return true;
  }

  recordStart(uuid: string, path: string): boolean {
    const ch = this.channels.get(uuid);
    if (!ch) return false;
    ch.recordings.push(path);
    ch.recorded.push({ path, startMicros: this.nowMicros(), stopMicros: 0, cause: "" });
    this.fireChannel("RECORD_START", ch, SITES.recordStart, { after: [["Record-File-Path", path]] });
    return true;
  }

  recordStop(uuid: string, path: string): boolean {
    const ch = this.channels.get(uuid);
    const index = ch ? ch.recordings.indexOf(path) : -1;
    if (!ch || index < 0) return false;
    ch.recordings.splice(index, 1);
    this.fireRecordStop(ch, path, "success");
    return true;
  }

  private fireRecordStop(ch: Channel, path: string, cause: string): void {
    const span = ch.recorded.findLast((r) => r.path === path && r.stopMicros === 0);
    if (span) Object.assign(span, { stopMicros: this.nowMicros(), cause });
    this.fireChannel("RECORD_STOP", ch, SITES.recordStop, {
      after: [["Record-File-Path", path], ["Record-Completion-Cause", cause]],
    });
  }

  /** Hangs up a leg and, as hangup_after_bridge does, the leg bridged to it. */
  hangup(uuid: string, cause: string): void {
    const ch = this.channels.get(uuid);
    if (!ch || ch.answerState === "hangup") return;
    const peer = ch.peer ? this.channels.get(ch.peer) : undefined;
    const pending = ch.originator ? undefined : [...this.channels.values()].filter((c) => c.originator === uuid && !c.peer);
    const legs = [ch, ...(peer ? [peer] : []), ...(pending ?? [])];
    for (const leg of legs) this.markHangup(leg, leg === ch || leg === peer ? cause : "ORIGINATOR_CANCEL");
    // The running application sees the hangup while its leg is still in CS_EXECUTE (mod_voicemail stores the message then).
    for (const leg of legs) {
      const app = leg.appOnHangup;
      leg.appOnHangup = undefined;
      app?.();
    }
    const aLeg = ch.originator ? peer : ch;
    if (peer && aLeg) {
      const bLeg = aLeg === ch ? peer : ch;
      this.fireChannel("CHANNEL_UNBRIDGE", aLeg, SITES.unbridge, {
        before: [["Bridge-A-Unique-ID", aLeg.uuid], ["Bridge-B-Unique-ID", bLeg.uuid]],
      });
    }
    for (const leg of legs) {
      leg.state = "CS_HANGUP";
      this.setCallState(leg, "HANGUP");
    }
    for (const leg of legs) {
      leg.state = "CS_REPORTING";
      leg.stateNumber = 11;
      this.fireChannel("CHANNEL_HANGUP_COMPLETE", leg, SITES.hangupComplete, { before: [["Hangup-Cause", leg.hangupCause!]] });
    }
    for (const leg of legs) {
      leg.stateNumber = 12;
      this.fireChannel("CHANNEL_DESTROY", leg, SITES.destroy);
      this.channels.delete(leg.uuid);
      for (const listener of this.legEndListeners) listener(leg);
    }
  }

  private markHangup(ch: Channel, cause: string): void {
    for (const path of ch.recordings.splice(0)) this.fireRecordStop(ch, path, "success");
    const now = this.nowMicros();
    ch.answerState = "hangup";
    ch.hangupCause = cause;
    ch.stateNumber = 10;
    ch.profile.times.hangup = now;
    ch.variablesMap.set("hangup_cause", cause);
    const seconds = ch.profile.times.answered ? Math.floor((now - ch.profile.times.answered) / 1_000_000) : 0;
    ch.variablesMap.set("billsec", String(seconds));
    this.fireChannel("CHANNEL_HANGUP", ch, SITES.hangup);
  }

  /** Ends a bridge without hanging up: CHANNEL_UNBRIDGE on the A side; returns the former peer. */
  unbridge(uuid: string): Channel | undefined {
    const ch = this.channels.get(uuid);
    const peer = ch?.peer ? this.channels.get(ch.peer) : undefined;
    if (!ch || !peer) return undefined;
    const [a, b] = ch.originator === peer.uuid ? [peer, ch] : [ch, peer];
    this.fireChannel("CHANNEL_UNBRIDGE", a, SITES.unbridge, {
      before: [["Bridge-A-Unique-ID", a.uuid], ["Bridge-B-Unique-ID", b.uuid]],
    });
    ch.peer = undefined;
    peer.peer = undefined;
    if (b.originator === a.uuid) b.originator = undefined;
    return peer;
  }

  /**
   * switch_ivr_session_transfer: the leg takes a new caller profile towards
   * `destination` in `context`; the caller hunts the dialplan again. False
   * (and the leg hung up EXCHANGE_ROUTING_ERROR) once Max-Forwards runs out.
   */
  transfer(uuid: string, destination: string, context: string, profileUuid: string, dialplan = "XML"): boolean {
    const ch = this.channels.get(uuid);
    if (!ch) return false;
    if (forwardsLeft(ch) <= 0) {
      this.hangup(uuid, "EXCHANGE_ROUTING_ERROR");
      return false;
    }
    transferLeg(ch, { destination, context, dialplan }, this.nowMicros(), profileUuid);
    return true;
  }
}
