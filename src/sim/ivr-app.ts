/**
 * The dialplan's `ivr <menu>` (mod_dptools' ivr_application_function and
 * switch_ivr_menu_execute): ivr.conf is asked for with the menu's name and
 * the channel's data, then the menu plays. The long greeting first, the
 * short one on every repeat; a key interrupts a prompt; digits are
 * collected up to the menu's input length (first digit within `timeout`,
 * the next within `inter-digit-timeout`, `#` ends early). A silence counts
 * a timeout, a key no entry has plays the invalid sound and counts a
 * failure; at max-timeouts / max-failures the menu runs its exec-on-max-*
 * application. Every matching entry's `menu-exec-app` runs (callboard's are
 * `transfer <menu>/<key> XML ivr`); a transfer ends the menu and the leg
 * hunts the dialplan again. A menu that ends otherwise plays its exit sound
 * and the dialplan goes on. CUSTOM menu::enter and menu::exit (Menu-Name,
 * then the channel's data) frame the menu, as ivr_send_event fires them.
 */
import { SITES } from "./calling-sites.ts";
import { nextKey } from "./caller-keys.ts";
import type { Channel } from "./channel.ts";
import { channelHeaders, customEvent } from "./event-headers.ts";
import { ivrMenuOf, matchingEntries, type IvrMenu } from "./ivr-menu.ts";
import type { SwitchCore } from "./switch-core.ts";
import { ivrConfRequest } from "./xmlcurl-requests.ts";

/** Runs one application for the menu; true when the leg left the extension (a transfer, a hangup). */
export type RunApp = (application: string, data: string) => boolean;

export async function runIvr(core: SwitchCore, leg: Channel, name: string, runApp: RunApp, goOn: () => void): Promise<void> {
  const xml = await core.lookups.ask(ivrConfRequest(core.model.identity, core.model.stamp(), leg, name));
  if (!core.model.channel(leg.uuid)) return;
  const menu = xml === undefined ? "Open of ivr.conf failed" : ivrMenuOf(xml, name);
  if (typeof menu === "string") return goOn();
  menuEvent(core, leg, "menu::enter", name);
  const exit = (left: boolean) => {
    if (core.model.channel(leg.uuid)) menuEvent(core, leg, "menu::exit", name);
    if (!left) goOn();
  };
  new MenuRun(core, leg, menu, runApp, exit).loop();
}

function menuEvent(core: SwitchCore, leg: Channel, subclass: string, menu: string): void {
  const { model } = core;
  model.fire(customEvent(subclass, model.identity, model.stamp(), SITES.menuEvent, [["Menu-Name", menu], ...channelHeaders(leg, true)]));
}

/** `app data` as exec_app splits it. */
function execApp(runApp: RunApp, line: string): boolean {
  const space = line.indexOf(" ");
  return space < 0 ? runApp(line, "") : runApp(line.slice(0, space), line.slice(space + 1));
}

class MenuRun {
  private errs = 0;
  private timeouts = 0;

  constructor(
    private readonly core: SwitchCore,
    private readonly leg: Channel,
    private readonly menu: IvrMenu,
    private readonly runApp: RunApp,
    /** The menu is over: `left` when the leg left the extension (a transfer), else the dialplan goes on. */
    private readonly done: (left: boolean) => void,
  ) {}

  private get alive(): boolean {
    return this.core.model.channel(this.leg.uuid) !== undefined;
  }

  loop(): void {
    if (!this.alive) return;
    const { menu } = this;
    if (this.errs === menu.maxFailures) return this.finish(menu.execOnMaxFailures);
    if (this.timeouts === menu.maxTimeouts) return this.finish(menu.execOnMaxTimeouts);
    this.collect((keyed, timedOut) => {
      if (!this.alive) return;
      if (timedOut && keyed === "") {
        this.timeouts++;
        return this.loop();
      }
      const matched = keyed === "" ? [] : matchingEntries(menu, keyed);
      if (matched.length > 0) {
        this.errs = 0;
        for (const entry of matched) {
          if (entry.action === "menu-exec-app" && execApp(this.runApp, entry.param)) return this.done(true);
        }
        return this.loop();
      }
      this.errs++;
      if (keyed !== "" && menu.invalidSound) return this.play(() => this.loop());
      this.loop();
    });
  }

  /** The greeting, interrupted by a key, then the rest of the digits. */
  private collect(then: (keyed: string, timedOut: boolean) => void): void {
    const { core, leg, menu } = this;
    nextKey(core, leg, core.timing.promptMs, (first) => {
      if (!this.alive) return;
      if (first === "#") return then("", false);
      let keyed = first ?? "";
      if (keyed.length >= menu.inputLength) return then(keyed, false);
      const deadline = core.clock.now() + menu.timeoutMs;
      const more = () => {
        const wait = Math.min(keyed === "" ? menu.timeoutMs : menu.interDigitMs, deadline - core.clock.now());
        if (wait <= 0) return then(keyed, true);
        nextKey(core, leg, wait, (digit) => {
          if (!this.alive) return;
          if (digit === undefined) return then(keyed, true);
          if (digit === "#") return then(keyed, false);
          keyed += digit;
          if (keyed.length >= menu.inputLength) return then(keyed, false);
          more();
        });
      };
      more();
    });
  }

  /** A prompt played to its end (the invalid and exit sounds take no input). */
  private play(then: () => void): void {
    this.core.clock.after(this.core.timing.promptMs, () => {
      if (this.alive) then();
    });
  }

  private finish(app: string | undefined): void {
    if (app && execApp(this.runApp, app)) return this.done(true);
    if (this.menu.exitSound) return this.play(() => this.done(false));
    this.done(false);
  }
}
