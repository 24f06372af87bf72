/**
 * mod_sofia's side of the simulated switch: phone registrations and
 * provider gateways. Each change updates the state and fires the
 * `sofia::*` event FreeSWITCH fires for it.
 */
import type { Header } from "./frames.ts";
import { customEvent } from "./event-headers.ts";
import { SITES } from "./calling-sites.ts";
import { ModelEvents } from "./model-events.ts";
import { gatewayStateFields, registrationFields, type Gateway, type GatewayState, type Registration } from "./sofia-model.ts";

export class SofiaState extends ModelEvents {
  readonly registrations = new Map<string, Registration>();
  readonly gateways = new Map<string, Gateway>();

  register(reg: Registration): void {
    this.registrations.set(reg.user, reg);
    this.fire(customEvent("sofia::register", this.identity, this.stamp(), SITES.register, registrationFields("register", reg)));
  }

  unregister(user: string): boolean {
    const reg = this.registrations.get(user);
    if (!reg) return false;
    this.registrations.delete(user);
    this.fire(customEvent("sofia::unregister", this.identity, this.stamp(), SITES.unregister, registrationFields("unregister", reg)));
    return true;
  }

  expire(user: string): boolean {
    const reg = this.registrations.get(user);
    if (!reg) return false;
    this.registrations.delete(user);
    this.fire(customEvent("sofia::expire", this.identity, this.stamp(), SITES.expire, registrationFields("expire", reg)));
    return true;
  }

  registerFailure(user: string, ip: string, port: number, userAgent: string): void {
    const fields: Header[] = [
      ["profile-name", "internal"], ["to-user", user], ["to-host", this.options.domain], ["network-ip", ip],
      ["user-agent", userAgent], ["profile-name", "internal"], ["network-port", String(port)], ["registration-type", "REGISTER"],
    ];
    this.fire(customEvent("sofia::register_failure", this.identity, this.stamp(), SITES.registerFailure, fields));
  }

  addGateway(gateway: Gateway): void {
    this.gateways.set(gateway.name, gateway);
  }

  setGatewayState(name: string, state: GatewayState, failure?: { status: number; phrase: string }): boolean {
    const gw = this.gateways.get(name);
    if (!gw) return false;
    gw.state = state;
    if (state === "REGED") {
      gw.status = "UP";
      gw.upSinceMs = this.options.clock.now();
    } else if (state === "FAIL_WAIT") {
      gw.status = "DOWN";
      gw.upSinceMs = undefined;
    }
    this.fire(customEvent("sofia::gateway_state", this.identity, this.stamp(), SITES.gatewayState, gatewayStateFields(gw, failure)));
    return true;
  }
}
