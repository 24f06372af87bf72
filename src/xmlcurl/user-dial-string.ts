/**
 * The dial string `user/N@domain` rings: every registered phone of the
 * extension at once, first answer wins.
 *
 * FreeSWITCH's own answer is `${sofia_contact(*\/N@domain)}`, an API call that
 * api-expansion=false refuses (switch_channel.c expands no `${api(...)}`
 * then), and `sofia/internal/N%domain` reaches only the first contact of
 * sofia's registration table (sofia_reg_find_reg_url keeps one row). So
 * callboard writes the contacts itself, from the registrations it mirrors
 * over ESL: each is the URI sofia stored, NAT parameters included, so a phone
 * behind NAT is still reached at the address its REGISTER came from
 * (`fs_nat`/`fs_path`, which mod_sofia turns back into the destination).
 *
 * A contact is text the phone wrote. One that does not fit a plain SIP URI
 * is left out: a `,` would fork the call to a destination of the phone's
 * choosing, `${` would expand a variable, `{`/`[` would set channel
 * variables. With no usable contact it falls back to the `%` form, which
 * FreeSWITCH resolves itself (and answers USER_NOT_REGISTERED when none).
 *
 * SRTP: a phone registered over TLS (`;transport=tls` or `sips:` in its
 * contact, as sofia_reg.c tells TLS apart) gets its own leg variable when
 * CALLBOARD_SRTP asks for it; FreeSWITCH's default for a leg it places is
 * `forbidden` (switch_core_media.c), so plain phones are offered plain RTP.
 */

import type { SrtpMode } from "../config.ts";
import { contactTransport } from "../pbx/sip-transport.ts";

const CONTACT_URI =
  /^sips?:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:;[A-Za-z0-9_.~-]{1,64}(?:=[A-Za-z0-9_.~%+:-]{0,512})?){0,16}$/;

export type DialContacts = { dialString: string; problems: string[] };

/** One phone to ring: the channel, and the variables only its leg gets (`[...]` in a dial string). */
export type PhoneLeg = { vars: string[]; channel: string };

/** `[a=1,b=2]sofia/internal/…`: FreeSWITCH reads one bracket per leg, so a caller's own variables join these. */
export const legString = (vars: readonly string[], channel: string) => (vars.length ? `[${vars.join(",")}]${channel}` : channel);

export function userDialString(number: string, sipDomain: string, contacts: readonly string[], srtp: SrtpMode = "off"): DialContacts {
  const { endpoints, problems } = phoneEndpoints(number, sipDomain, contacts, srtp);
  const legs = endpoints.map((e) => legString(e.vars, e.channel));
  return { dialString: `{sip_invite_domain=${sipDomain},presence_id=${number}@${sipDomain}}${legs.join(",")}`, problems };
}

/** `offer`: SRTP and plain RTP both offered (two m-lines); `require`: SRTP alone. */
const SRTP_LEG_VARS: Record<SrtpMode, string[]> = {
  off: [],
  offer: ["rtp_secure_media_outbound=optional"],
  require: ["rtp_secure_media_outbound=mandatory"],
};

/**
 * The endpoints that ring one extension's phones: `sofia/internal/<contact>`
 * for each usable contact, or the one `%` form when none is. A ring group
 * joins several extensions' endpoints into one dial string.
 */
export function phoneEndpoints(
  number: string,
  sipDomain: string,
  contacts: readonly string[],
  srtp: SrtpMode = "off",
): { endpoints: PhoneLeg[]; problems: string[] } {
  const problems: string[] = [];
  const usable = [...new Set(contacts)].filter((c) => {
    const ok = CONTACT_URI.test(c) && !c.includes(":_:");
    if (!ok) problems.push(`contact of ${number} is not a plain SIP URI, not rung`);
    return ok;
  });
  if (usable.length === 0) return { endpoints: [{ vars: [], channel: `sofia/internal/${number}%${sipDomain}` }], problems };
  return { endpoints: usable.map((c) => ({ vars: contactTransport(c) === "tls" ? SRTP_LEG_VARS[srtp] : [], channel: `sofia/internal/${c}` })), problems };
}
