/**
 * One finished leg → the body mod_json_cdr would POST for it. The layout is
 * the captured json_cdr-*.body (test/fixtures/freeswitch/cdr): the same
 * top-level keys in the same order, `variables` URL-encoded as
 * encode-values=true does, `callflow` newest profile first with raw UTF-8
 * names, times in epoch microseconds, and the timestamp block
 * switch_channel_set_timestamps appends at hangup. Pure: leg in, bytes out.
 */
import type { AppRun, Channel, RecordingSpan } from "./channel.ts";
import { localDate, type CallerProfile, type SwitchIdentity } from "./event-headers.ts";
import { fsUrlEncode } from "./frames.ts";
import { timestampVariables } from "./json-cdr-times.ts";

type Json = { [key: string]: string | number | Json | Json[] };

/** The flags of the captured A (inbound) and B (outbound) legs. */
const FLAGS = {
  inbound: "0=1;1=1;22=1;39=1;40=1;42=1;45=1;50=1;55=1;107=1;113=1;114=1;123=1;160=1;165=1;166=1",
  outbound: "0=1;1=1;2=1;22=1;39=1;40=1;42=1;45=1;50=1;55=1;107=1;113=1;114=1;123=1;160=1;165=1;166=1",
};

/** The simulator carries no media: the captured leg's all-zero stats, perfect quality. */
const CALL_STATS: Json = {
  audio: {
    inbound: {
      raw_bytes: 0, media_bytes: 0, packet_count: 0, media_packet_count: 0, skip_packet_count: 0, jitter_packet_count: 0,
      dtmf_packet_count: 0, cng_packet_count: 0, flush_packet_count: 0, largest_jb_size: 0, jitter_min_variance: 0,
      jitter_max_variance: 0, jitter_loss_rate: 0, jitter_burst_rate: 0, mean_interval: 0, flaw_total: 0,
      quality_percentage: 100, mos: 4.5,
    },
    outbound: {
      raw_bytes: 0, media_bytes: 0, packet_count: 0, media_packet_count: 0, skip_packet_count: 0, dtmf_packet_count: 0,
      cng_packet_count: 0, rtcp_packet_count: 0, rtcp_octet_count: 0,
    },
  },
};

/** switch_ivr_set_json_profile_data's keys and order. */
function profileJson(p: CallerProfile): Json {
  return {
    username: p.username,
    dialplan: p.dialplan,
    caller_id_name: p.callerIdName,
    ani: p.ani,
    aniii: "",
    caller_id_number: p.callerIdNumber,
    network_addr: p.networkAddr,
    rdnis: p.rdnis ?? "",
    destination_number: p.destinationNumber,
    uuid: p.uniqueId,
    source: p.source,
    context: p.context,
    chan_name: p.channelName,
  };
}

function timesJson(p: CallerProfile): Json {
  const t = p.times;
  const us = (n: number) => String(n);
  return {
    created_time: us(t.created),
    profile_created_time: us(t.profileCreated),
    progress_time: us(t.progress),
    progress_media_time: us(t.progressMedia),
    answered_time: us(t.answered),
    bridged_time: us(t.bridged),
    last_hold_time: us(t.lastHold),
    hold_accum_time: us(t.holdAccum),
    hangup_time: us(t.hangup),
    resurrect_time: us(t.resurrect),
    transfer_time: us(t.transfer),
  };
}

function callflowEntry(leg: Channel, profile: CallerProfile, index: number, newest: boolean): Json {
  const apps = leg.appLog.filter((app) => app.profileIndex === index);
  const caller: Json = profileJson(profile);
  // FreeSWITCH lists the other leg's profile twice in a json_cdr; both captures show it.
  if (newest && leg.other?.type === "originatee") {
    caller.originatee = { originatee_caller_profiles: [profileJson(leg.other.profile), profileJson(leg.other.profile)] };
  } else if (newest && leg.other?.type === "originator") {
    caller.originator = { originator_caller_profiles: [profileJson(leg.other.profile), profileJson(leg.other.profile)] };
  }
  return {
    dialplan: profile.dialplan,
    profile_index: String(index),
    ...(apps.length > 0
      ? { extension: { name: `sim_${profile.destinationNumber}`, number: profile.destinationNumber, applications: apps.map((a) => ({ app_name: a.name, app_data: a.data })) } }
      : {}),
    caller_profile: caller,
    times: timesJson(profile),
  };
}

/** What record_callback leaves on the leg when its last recording closes (8 kHz, 16-bit WAV). */
function recordingVariables(span: RecordingSpan | undefined): [string, string][] {
  if (!span || span.stopMicros === 0) return [];
  const ms = Math.floor((span.stopMicros - span.startMicros) / 1000);
  const samples = ms * 8;
  return [
    ["record_file_size", String(44 + samples * 2)],
    ["record_samples", String(samples)],
    ["record_seconds", String(Math.floor(ms / 1000))],
    ["record_ms", String(ms)],
    ["record_completion_cause", span.cause],
  ];
}

function lastApp(apps: AppRun[]): [string, string][] {
  const last = apps.at(-1);
  return last ? [["last_app", last.name], ["last_arg", last.data]] : [];
}

export function jsonCdr(leg: Channel, identity: SwitchIdentity): Json {
  const profile = leg.profile;
  const atHangup: [string, string][] = [
    ...recordingVariables(leg.recorded.at(-1)),
    ...timestampVariables(profile, leg.hangupCause ?? "NONE", (ms) => localDate(ms, identity.utcOffsetMinutes)),
  ];
  atHangup.splice(atHangup.findIndex(([key]) => key === "caller_id"), 0, ...lastApp(leg.appLog));
  // A re-set variable moves to the end in FreeSWITCH, so these leave their earlier place.
  const reset = new Set(atHangup.map(([key]) => key));
  const variables = [...[...leg.variablesMap].filter(([key]) => !reset.has(key)), ...atHangup];
  const profiles = [...leg.history, profile];
  return {
    "core-uuid": identity.coreUuid,
    switchname: identity.switchname,
    channel_data: { state: "CS_REPORTING", direction: leg.direction, state_number: "11", flags: FLAGS[leg.direction], caps: "1=1;2=1;3=1;4=1;5=1;6=1;8=1;9=1;10=1" },
    callStats: CALL_STATS,
    variables: Object.fromEntries(variables.map(([key, value]) => [key, fsUrlEncode(value)])),
    ...(leg.appLog.length > 0
      ? { app_log: { applications: leg.appLog.map((a) => ({ app_name: a.name, app_data: a.data, app_stamp: String(a.stampMicros) })) } }
      : {}),
    callflow: profiles.map((p, i) => callflowEntry(leg, p, i + 1, i === profiles.length - 1)).reverse(),
  };
}

/** The POST body, byte for byte: compact JSON, UTF-8. */
export function jsonCdrBody(leg: Channel, identity: SwitchIdentity): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(jsonCdr(leg, identity)));
}
