/**
 * Calls that start on the simulated switch: a phone or the provider sends
 * an INVITE, a leg is transferred, a leg is originated. Where each goes is
 * callboard's answer to the dialplan lookup (dialplan-run.ts); how the far
 * end behaves (when it answers, how long it talks) is the call's script.
 */
import type { Channel } from "./channel.ts";
import { route } from "./dialplan-run.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";

export type PlaceCallOptions = FarEnd & {
  from: string;
  to: string;
  /** inbound: the provider calls a DID on the external profile; otherwise phone `from` dials on internal. */
  direction: "inbound" | "outbound" | "internal";
  /** For inbound calls: the DID dialled; defaults to `to`. */
  did?: string;
  /** The display name the phone or provider sends; a phone defaults to its directory name. */
  callerName?: string;
  uuid?: string;
};

export type PlacedCall = { uuid: string; callUuid: string };

export class CallFlows {
  /** target uuid → the legs listening to it (eavesdrop ends with its target). */
  private readonly listeners = new Map<string, string[]>();

  constructor(readonly core: SwitchCore, private readonly defaultGateway: string) {
    core.model.onEvent((event) => {
      if (event.name !== "CHANNEL_DESTROY") return;
      const target = event.headers.find(([name]) => name === "Unique-ID")?.[1] ?? "";
      const listening = this.listeners.get(target);
      if (!listening) return;
      this.listeners.delete(target);
      core.clock.after(0, () => {
        for (const uuid of listening) core.model.hangup(uuid, "NORMAL_CLEARING");
      });
    });
  }

  eavesdrop(listenerUuid: string, targetUuid: string): void {
    this.listeners.set(targetUuid, [...(this.listeners.get(targetUuid) ?? []), listenerUuid]);
  }

  private providerRemote(): { ip: string; port: number } {
    const gw = this.core.model.gateways.get(this.defaultGateway);
    const [ip = "127.0.0.1", port = "5090"] = (gw?.proxy ?? "127.0.0.1:5090").split(":");
    return { ip, port: Number(port) };
  }

  /** Starts a call now; the dialplan lookup follows after `routeMs`. */
  placeCall(opts: PlaceCallOptions): PlacedCall {
    const { model, clock, timing } = this.core;
    const uuid = opts.uuid ?? this.core.newUuid();
    const fromProvider = opts.direction === "inbound";
    const reg = fromProvider ? undefined : model.registrations.get(opts.from);
    const remote = fromProvider
      ? { ...this.providerRemote(), userAgent: "belluz-sbc" }
      : reg
        ? { ip: reg.networkIp, port: reg.networkPort, userAgent: reg.userAgent }
        : { ip: "127.0.0.1", port: 5060, userAgent: "MicroSIP/3.21.3" };
    const a = model.createLeg({
      uuid,
      kind: fromProvider ? "provider-in" : "phone-in",
      callUuid: uuid,
      nowMicros: model.nowMicros(),
      callerName: opts.callerName ?? reg?.callerIdName ?? opts.from,
      callerNumber: opts.from,
      destination: fromProvider ? (opts.did ?? opts.to) : opts.to,
      context: fromProvider ? "public" : "default",
      domain: this.core.domain,
      remote,
      userAgent: remote.userAgent,
      sessionId: this.core.nextSessionId(),
      ...(reg?.directory ? { directory: reg.directory } : {}),
    });
    if (fromProvider) {
      const gw = model.gateways.get(this.defaultGateway);
      if (gw) gw.callsIn++;
    }
    clock.after(timing.routeMs, () => void route(this.core, a, opts));
    return { uuid, callUuid: uuid };
  }

  /** uuid_transfer: the leg leaves its bridge (its peer hangs up) and hunts `destination` in `context`. */
  transfer(uuid: string, destination: string, context: string): boolean {
    const { model, clock, timing } = this.core;
    const leg = model.channel(uuid);
    if (!leg) return false;
    const former = model.unbridge(uuid);
    if (former) model.hangup(former.uuid, "NORMAL_CLEARING");
    leg.originator = undefined;
    leg.other = undefined;
    if (!model.transfer(uuid, destination, context, this.core.newUuid())) return true;
    clock.after(timing.routeMs, () => {
      const still = model.channel(uuid);
      if (still) void route(this.core, still, {});
    });
    return true;
  }

  /** An answered originated leg runs `<exten>` in `context`: mod_commands transfers it there. */
  routeOriginated(leg: Channel, destination: string, context: string): void {
    if (this.core.model.transfer(leg.uuid, destination, context, this.core.newUuid())) void route(this.core, leg, {});
  }

  /** Answers an originated leg, unless the phone never picks up. Resolves with the FreeSWITCH reply text. */
  answerOriginated(leg: Channel, timeoutMs: number, answerAfterMs: number): Promise<string> {
    const { model, clock, timing } = this.core;
    return new Promise((resolve) => {
      clock.after(timing.ringMs, () => model.ringing(leg.uuid));
      if (answerAfterMs >= timeoutMs) {
        clock.after(timeoutMs, () => {
          model.hangup(leg.uuid, "NO_ANSWER");
          resolve("-ERR NO_ANSWER\n");
        });
        return;
      }
      clock.after(timing.ringMs + answerAfterMs, () => {
        if (!model.channel(leg.uuid)) return resolve(`-ERR ${leg.hangupCause ?? "ORIGINATOR_CANCEL"}\n`);
        model.answer(leg.uuid);
        resolve(`+OK ${leg.uuid}\n`);
      });
    });
  }
}
