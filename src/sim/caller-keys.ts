/**
 * The caller's keypad: digits a scripted caller keys (RFC 2833 events)
 * queue on the leg as FreeSWITCH queues DTMF on a channel, until an
 * application reads them — a digit keyed during a prompt or before the
 * menu listens is not lost.
 */
import type { Channel } from "./channel.ts";
import type { FarEnd, KeyPress, SwitchCore } from "./switch-core.ts";

const FIRST_KEY_AFTER_MS = 1_000;

export function pressKeys(leg: Channel, digits: string): void {
  leg.dtmf += digits;
  leg.onDtmf?.();
}

/** Puts the caller's presses on the clock once, when the switch answers the leg. */
export function scheduleKeys(core: SwitchCore, leg: Channel, farEnd: FarEnd): void {
  if (leg.keysScheduled || farEnd.dtmf === undefined) return;
  leg.keysScheduled = true;
  const presses: readonly KeyPress[] = typeof farEnd.dtmf === "string" ? [{ digits: farEnd.dtmf, afterMs: FIRST_KEY_AFTER_MS }] : farEnd.dtmf;
  for (const press of presses) {
    core.clock.after(press.afterMs, () => {
      const still = core.model.channel(leg.uuid);
      if (still) pressKeys(still, press.digits);
    });
  }
}

/**
 * The next key within `waitMs`: at once if one is queued, else the first
 * keyed in time; undefined when the time runs out or the leg is gone.
 */
export function nextKey(core: SwitchCore, leg: Channel, waitMs: number, then: (digit: string | undefined) => void): void {
  const take = () => {
    const digit = leg.dtmf[0]!;
    leg.dtmf = leg.dtmf.slice(1);
    return digit;
  };
  if (leg.dtmf.length > 0) return then(take());
  const cancel = core.clock.after(waitMs, () => {
    leg.onDtmf = undefined;
    then(undefined);
  });
  leg.onDtmf = () => {
    leg.onDtmf = undefined;
    cancel();
    then(take());
  };
}
