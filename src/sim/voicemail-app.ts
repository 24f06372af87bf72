/**
 * The dialplan's `voicemail [check] [auth] <profile> <domain> [<id>]`
 * (mod_voicemail's voicemail_function).
 *
 * Leaving a message (voicemail_leave_main): the box's user is looked up in
 * the directory (`action=voicemail-lookup`, keys `id` then
 * `number-alias`); no such user or `vm-enabled=false` ends the application.
 * Otherwise the greeting plays (unless `skip_greeting`), then the
 * instructions (unless `skip_instructions` or the user's
 * `vm-skip-instructions`), then the recording runs until the caller hangs
 * up — the scripted caller's `durationMs` after the tone — or the profile's
 * max-record-len. A message shorter than min-record-len is discarded;
 * otherwise deliver_vm stores it (`vm::maintenance` leave-message, the
 * voicemail_msgs row, then MESSAGE_WAITING) while the caller's leg is
 * still hanging up, before its CHANNEL_HANGUP_COMPLETE.
 *
 * Checking a box (`check`): the caller is asked for the PIN; a scripted
 * caller keys nothing, so after max-login-attempts the application ends.
 */
import type { Channel } from "./channel.ts";
import { customEvent, channelHeaders } from "./event-headers.ts";
import { SITES } from "./calling-sites.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";
import { VM_MAINTENANCE, type VmProfile, type VoicemailState } from "./voicemail-state.ts";
import { directoryUser } from "./xml-answers.ts";
import { voicemailLookupRequest } from "./xmlcurl-requests.ts";

/** The PIN prompt is played and waited on this many times (the profile's max-login-attempts default). */
const LOGIN_ATTEMPTS = 3;
/** digit-timeout's default: how long each PIN prompt waits for a key. */
const DIGIT_TIMEOUT_MS = 10_000;
/** Where FreeSWITCH keeps messages when the profile names no storage dir (its storage dir, default prefix). */
const DEFAULT_STORAGE = "/usr/local/freeswitch/storage";

const TRUE = /^(yes|on|true|t|enabled|active|allow)$/i;
const FALSE = /^(no|off|false|f|disabled|inactive|disallow)$/i;

export type VoicemailDeps = { core: SwitchCore; state: VoicemailState };

export async function runVoicemail(deps: VoicemailDeps, leg: Channel, data: string, farEnd: FarEnd, goOn: () => void): Promise<void> {
  const argv = data.split(" ").filter(Boolean);
  let x = 0;
  let check = false;
  while (argv[x] === "check" || argv[x] === "auth" || argv[x] === "auth_only") check ||= argv[x++] !== "auth";
  const [profileName, domain, id] = [argv[x], argv[x + 1], argv[x + 2]];
  if (!profileName || !domain) return goOn();
  const profile = await deps.state.profile(profileName);
  if (!deps.core.model.channel(leg.uuid)) return;
  if (!profile) return goOn();
  if (check) return void deps.core.clock.after(LOGIN_ATTEMPTS * (deps.core.timing.promptMs + DIGIT_TIMEOUT_MS), goOn);
  if (!id) return goOn();
  await leaveMessage(deps, leg, profile, domain, id, farEnd, goOn);
}

/** The box's user as switch_xml_locate_user_merged("id:number-alias") finds it. */
async function boxUser(core: SwitchCore, leg: Channel, domain: string, id: string) {
  const ip = leg.profile.networkAddr;
  for (const keys of [["id"], ["id", "number-alias"]]) {
    const xml = await core.lookups.ask(voicemailLookupRequest(core.model.identity, core.model.stamp(), id, domain, ip, keys));
    const user = xml === undefined ? undefined : directoryUser(xml, domain, id);
    if (user) return user;
  }
  return undefined;
}

async function leaveMessage(deps: VoicemailDeps, leg: Channel, profile: VmProfile, domain: string, id: string, farEnd: FarEnd, goOn: () => void): Promise<void> {
  const { core } = deps;
  const { model, clock, timing } = core;
  const vars = leg.variablesMap;
  const skipGreeting = TRUE.test(vars.get("skip_greeting") ?? "");
  let skipInstructions = TRUE.test(vars.get("skip_instructions") ?? "");
  for (const name of ["skip_greeting", "skip_instructions", "skip_record_urgent_check", "voicemail_skip_goodbye"]) vars.delete(name);
  const user = await boxUser(core, leg, domain, id);
  if (!model.channel(leg.uuid)) return;
  if (!user) return goOn();
  const vmSkip = user.params.get("vm-skip-instructions");
  if (vmSkip !== undefined) skipInstructions = TRUE.test(vmSkip);
  if (FALSE.test(user.params.get("vm-enabled") ?? "")) return goOn();

  const prompts = (skipGreeting ? 0 : timing.promptMs) + (skipInstructions ? 0 : timing.promptMs);
  clock.after(prompts, () => {
    if (!model.channel(leg.uuid)) return;
    const startedMs = clock.now();
    const maxMs = profile.maxRecordSeconds * 1000;
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      deliver(deps, leg, profile, domain, id, Math.floor(Math.min(clock.now() - startedMs, maxMs) / 1000));
    };
    // The message is stored by the application while the leg hangs up, before CHANNEL_HANGUP_COMPLETE.
    leg.appOnHangup = save;
    const talkMs = farEnd.durationMs;
    if (talkMs !== undefined && talkMs < maxMs) {
      clock.after(talkMs, () => model.hangup(leg.uuid, "NORMAL_CLEARING"));
      return;
    }
    clock.after(maxMs, () => {
      if (!model.channel(leg.uuid)) return;
      leg.appOnHangup = undefined;
      save();
      goOn();
    });
  });
}

/** deliver_vm: a message long enough is announced, stored and counted in the box's MWI. */
function deliver(deps: VoicemailDeps, leg: Channel, profile: VmProfile, domain: string, id: string, seconds: number): void {
  if (seconds < profile.minRecordSeconds) return;
  const { core, state } = deps;
  const { model } = core;
  // The row's uuid is the caller's leg; the file is named by a uuid of its own (voicemail_leave_main's tmp_uuid).
  const uuid = leg.uuid;
  const dir = profile.storageDir ? `${profile.storageDir}/${domain}/${id}` : `${DEFAULT_STORAGE}/voicemail/${profile.name}/${domain}/${id}`;
  const path = `${dir}/msg_${core.newUuid()}.${profile.fileExtension}`;
  const cidName = leg.variablesMap.get("effective_caller_id_name") ?? leg.profile.callerIdName;
  const cidNumber = leg.variablesMap.get("effective_caller_id_number") ?? leg.profile.callerIdNumber;
  const epoch = String(Math.floor(core.clock.now() / 1000));
  model.fire(
    customEvent(VM_MAINTENANCE, model.identity, model.stamp(), SITES.vmLeaveMessage, [
      ["VM-Action", "leave-message"],
      ["VM-User", id],
      ["VM-Domain", domain],
      ["VM-Caller-ID-Name", cidName],
      ["VM-Caller-ID-Number", cidNumber],
      ["VM-File-Path", path],
      ["VM-Flags", "B_NORMAL"],
      ["VM-Folder", "inbox"],
      ["VM-UUID", uuid],
      ["VM-Message-Len", String(seconds)],
      ["VM-Timestamp", epoch],
      ...channelHeaders(leg, true),
    ]),
  );
  state.add(profile, { createdEpoch: Number(epoch), readEpoch: 0, username: id, domain, folder: "inbox", path, uuid, cidName, cidNumber, seconds });
}
