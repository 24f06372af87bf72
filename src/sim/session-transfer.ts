/**
 * switch_ivr_session_transfer (src/switch_ivr.c), what every transfer does
 * to a leg — the dialplan's `transfer`, an IVR entry's, `uuid_transfer`,
 * an originate sent to an extension: a new caller profile cloned from the
 * current one with the new destination, context and dialplan, the old
 * destination as its RDNIS and a transfer source; the old profile is kept
 * (the CDR's callflow) with its transfer time. The new profile's times are
 * switch_channel_set_caller_profile's: created now, answered, progress and
 * created carried over, bridged and hold times back to zero.
 */
import type { Channel } from "./channel.ts";
import type { CallerProfile } from "./event-headers.ts";

export type TransferTo = { destination: string; context: string; dialplan: string };

/** Max-Forwards as the transfer counts it: the variable less one, 70 when unset; at 0 the leg is hung up. */
export function forwardsLeft(leg: Channel): number {
  const set = leg.variablesMap.get("max_session_transfers") || leg.variablesMap.get("max_forwards");
  return set ? Number.parseInt(set, 10) - 1 : 70;
}

/** A variable pushed onto a FreeSWITCH array variable (SWITCH_STACK_PUSH): `ARRAY::a|:b`. */
export function pushed(existing: string | undefined, value: string): string {
  if (existing === undefined) return value;
  return existing.startsWith("ARRAY::") ? `${existing}|:${value}` : `ARRAY::${existing}|:${value}`;
}

/** Moves the leg to its new profile; `profileUuid` is the clone's own uuid, `nowMicros` the switch's clock. */
export function transferLeg(leg: Channel, to: TransferTo, nowMicros: number, profileUuid: string): void {
  const old = leg.profile;
  const left = forwardsLeft(leg);
  const varName = leg.variablesMap.get("max_session_transfers") ? "max_session_transfers" : "max_forwards";
  leg.variablesMap.set(varName, String(left));
  old.times.transfer = nowMicros;
  leg.history.push(old);
  const t = old.times;
  const transferSource = `${Math.floor(nowMicros / 1e6)}:${profileUuid}:bl_xfer:${to.destination}/${to.context}/${to.dialplan}`;
  const profile: CallerProfile = {
    ...old,
    dialplan: to.dialplan,
    context: to.context,
    destinationNumber: to.destination,
    rdnis: old.destinationNumber,
    transferSource,
    profileIndex: old.profileIndex + 1,
    times: {
      profileCreated: nowMicros,
      created: t.created,
      answered: t.answered,
      progress: t.progress,
      progressMedia: t.progressMedia,
      hangup: t.hangup,
      transfer: 0,
      resurrect: 0,
      bridged: 0,
      lastHold: 0,
      holdAccum: 0,
    },
  };
  leg.profile = profile;
  leg.variablesMap.set("transfer_history", pushed(leg.variablesMap.get("transfer_history"), transferSource));
  leg.variablesMap.set("transfer_source", transferSource);
}
