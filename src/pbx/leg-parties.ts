/**
 * Who is on a call leg and whom they called, as the people using the PBX
 * know them, read from FreeSWITCH's caller profile of that leg. The live
 * view (/calls) and the CDRs both go through here, so they always agree.
 */

/** FreeSWITCH's callee name on every leg it originates (switch_ivr_originate.c), until the far end says otherwise. */
const PLACEHOLDER_NAME = "Outbound Call";

/**
 * The number inside a dial string. A leg FreeSWITCH creates from
 * `sofia/internal/1002%pbx.test` gets `1002%pbx.test` as its destination and
 * callee number: switch_sanitize_number drops the endpoint before the last
 * `/` or `:` and cuts at `@`, but knows nothing of sofia's `%` ("the
 * registered user of this domain"). `sip:1002@10.0.0.5:5060;fs_nat=yes`,
 * `1002@host`, `sofia/gateway/belluz/998901234567` give the number too;
 * anything without such decoration is returned as it is.
 */
export function dialledNumber(raw: string): string {
  // Nearly every value is a bare number: the live view asks on every channel event.
  if (PLAIN_NUMBER.test(raw)) return raw;
  const user = raw.split(/[@%;]/, 1)[0] ?? "";
  const bare = user.slice(Math.max(user.lastIndexOf("/"), user.lastIndexOf(":")) + 1);
  return bare === "" ? raw : bare;
}

const PLAIN_NUMBER = /^\+?\d*$/;

const realName = (name: string) => (name === PLACEHOLDER_NAME ? "" : name);

/** One leg's caller profile: Caller-* of an event, or caller_profile (+ variables) of a CDR. */
export type LegProfile = {
  callerName: string;
  callerNumber: string;
  calleeName: string;
  calleeNumber: string;
  destination: string;
  /** FreeSWITCH made this leg by ringing a phone first (click-to-call), not a phone or provider calling in. */
  originated: boolean;
  /** The extension whose phone this leg rang or came from. */
  extension?: string;
};

export type LegParties = { number: string; name: string; to: string };

/**
 * The caller and the number they called. A leg FreeSWITCH originated to an
 * agent's phone shows the agent as its callee (and, as its caller id, the
 * number callboard's click-to-call is about to dial) until the answered leg
 * enters the dialplan; only then does FreeSWITCH swap caller and callee
 * (switch_channel_flip_cid). Until that swap the agent is read from the
 * callee side, so a click-to-call reads "agent → customer" from the first
 * ring, not the other way round until the customer answers.
 */
export function legParties(leg: LegProfile): LegParties {
  const caller = { number: dialledNumber(leg.callerNumber), name: realName(leg.callerName) };
  const calleeNumber = dialledNumber(leg.calleeNumber);
  const notSwappedYet = leg.originated && leg.extension !== undefined && caller.number !== leg.extension && calleeNumber === leg.extension;
  if (notSwappedYet) return { number: calleeNumber, name: realName(leg.calleeName), to: caller.number };
  return { ...caller, to: dialledNumber(leg.destination) };
}
