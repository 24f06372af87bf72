/**
 * The `callflow` part of a json_cdr: one entry per caller profile the leg
 * had (a transfer adds one). Values here are plain text even with
 * encode-values=true, and they hold the caller identity FreeSWITCH keeps
 * straight, unlike `sip_from_*`, which swaps after its own hold re-INVITE.
 */

export type CallerProfile = {
  callerIdName?: string;
  callerIdNumber?: string;
  destinationNumber?: string;
  context?: string;
  username?: string;
  uuid?: string;
};

export type CallflowEntry = {
  profileIndex: number;
  profile: CallerProfile;
  originators: CallerProfile[];
  /** created_time, answered_time, hangup_time…: epoch microseconds as strings. */
  times: Record<string, string>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function toProfile(raw: Record<string, unknown>): CallerProfile {
  return {
    callerIdName: str(raw.caller_id_name),
    callerIdNumber: str(raw.caller_id_number),
    destinationNumber: str(raw.destination_number),
    context: str(raw.context),
    username: str(raw.username),
    uuid: str(raw.uuid),
  };
}

function originatorProfiles(profile: Record<string, unknown>): CallerProfile[] {
  const originator = profile.originator;
  if (!isObject(originator)) return [];
  const list = originator.originator_caller_profiles;
  const items = Array.isArray(list) ? list : isObject(list) ? [list] : [];
  return items.filter(isObject).map(toProfile);
}

/** Newest profile first, ordered by profile_index rather than trusting array order. */
export function readCallflow(callflow: unknown): CallflowEntry[] {
  const items = Array.isArray(callflow) ? callflow : isObject(callflow) ? [callflow] : [];
  const entries: CallflowEntry[] = [];
  for (const item of items) {
    if (!isObject(item) || !isObject(item.caller_profile)) continue;
    entries.push({
      profileIndex: Number(item.profile_index) || 0,
      profile: toProfile(item.caller_profile),
      originators: originatorProfiles(item.caller_profile),
      times: isObject(item.times)
        ? Object.fromEntries(Object.entries(item.times).filter((e): e is [string, string] => typeof e[1] === "string"))
        : {},
    });
  }
  return entries.sort((a, b) => b.profileIndex - a.profileIndex);
}
