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
 */

const CONTACT_URI =
  /^sips?:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:;[A-Za-z0-9_.~-]{1,64}(?:=[A-Za-z0-9_.~%+:-]{0,512})?){0,16}$/;

export type DialContacts = { dialString: string; problems: string[] };

export function userDialString(number: string, sipDomain: string, contacts: readonly string[]): DialContacts {
  const { endpoints, problems } = phoneEndpoints(number, sipDomain, contacts);
  return { dialString: `{sip_invite_domain=${sipDomain},presence_id=${number}@${sipDomain}}${endpoints.join(",")}`, problems };
}

/**
 * The endpoints that ring one extension's phones: `sofia/internal/<contact>`
 * for each usable contact, or the one `%` form when none is. A ring group
 * joins several extensions' endpoints into one dial string.
 */
export function phoneEndpoints(number: string, sipDomain: string, contacts: readonly string[]): { endpoints: string[]; problems: string[] } {
  const problems: string[] = [];
  const usable = [...new Set(contacts)].filter((c) => {
    const ok = CONTACT_URI.test(c) && !c.includes(":_:");
    if (!ok) problems.push(`contact of ${number} is not a plain SIP URI, not rung`);
    return ok;
  });
  if (usable.length === 0) return { endpoints: [`sofia/internal/${number}%${sipDomain}`], problems };
  return { endpoints: usable.map((c) => `sofia/internal/${c}`), problems };
}
