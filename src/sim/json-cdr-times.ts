/**
 * The variables switch_channel_set_timestamps (switch_channel.c) sets when a
 * leg hangs up, in its order and with its arithmetic: `*sec` from whole
 * epoch seconds, `*msec` from whole milliseconds, `*usec` exact; answer
 * and bill figures stay 0 for a leg nobody answered.
 */
import type { CallerProfile } from "./event-headers.ts";

/** Q.850 codes of the causes the simulator uses; FreeSWITCH's own causes (above 127) report 16. */
const Q850: Record<string, number> = {
  UNALLOCATED_NUMBER: 1, NO_ROUTE_DESTINATION: 3, NORMAL_CLEARING: 16, USER_BUSY: 17, NO_USER_RESPONSE: 18,
  NO_ANSWER: 19, SUBSCRIBER_ABSENT: 20, CALL_REJECTED: 21, DESTINATION_OUT_OF_ORDER: 27, NORMAL_TEMPORARY_FAILURE: 41,
};

const seconds = (us: number) => Math.floor(us / 1_000_000);
const millis = (us: number) => Math.floor(us / 1000);

export function timestampVariables(profile: CallerProfile, cause: string, stamp: (ms: number) => string): [string, string][] {
  const t = profile.times;
  const out: [string, string][] = [
    ["hangup_cause", cause],
    ["hangup_cause_q850", String(Q850[cause] ?? 16)],
    ["digits_dialed", "none"],
  ];
  const stampOf = (name: string, us: number) => {
    if (us) out.push([name, stamp(millis(us))]);
  };
  stampOf("start_stamp", t.created);
  stampOf("profile_start_stamp", t.profileCreated);
  stampOf("answer_stamp", t.answered);
  stampOf("bridge_stamp", t.bridged);
  stampOf("hold_stamp", t.lastHold);
  stampOf("progress_stamp", t.progress);
  stampOf("progress_media_stamp", t.progressMedia);
  stampOf("end_stamp", t.hangup);
  const epochs: [string, number][] = [
    ["start", t.created], ["profile_start", t.profileCreated], ["answer", t.answered], ["bridge", t.bridged],
    ["last_hold", t.lastHold],
  ];
  for (const [name, us] of epochs) out.push([`${name}_epoch`, String(seconds(us))], [`${name}_uepoch`, String(us)]);
  out.push(["hold_accum_seconds", String(seconds(t.holdAccum))], ["hold_accum_usec", String(t.holdAccum)], ["hold_accum_ms", String(millis(t.holdAccum))]);
  for (const [name, us] of [["resurrect", t.resurrect], ["progress", t.progress], ["progress_media", t.progressMedia], ["end", t.hangup]] as const) {
    out.push([`${name}_epoch`, String(seconds(us))], [`${name}_uepoch`, String(us)]);
  }
  out.push(["caller_id", `"${profile.callerIdName}" <${profile.callerIdNumber}>`]);

  const since = (us: number, unit: (n: number) => number) => (us ? unit(us) - unit(t.created) : 0);
  const answered = t.answered > 0;
  const waited = t.bridged > t.created;
  const figures = (unit: (n: number) => number) => ({
    duration: unit(t.hangup) - unit(t.created),
    bill: answered ? unit(t.hangup) - unit(t.answered) : 0,
    progress: since(t.progress, unit),
    answer: answered ? unit(t.answered) - unit(t.created) : 0,
    wait: waited ? unit(t.bridged) - unit(t.created) : 0,
    progressMedia: since(t.progressMedia, unit),
    flowBill: answered ? unit(t.hangup) - unit(t.created) : 0,
  });
  const s = figures(seconds);
  const ms = figures(millis);
  const us = figures((n) => n);
  out.push(
    ["duration", String(s.duration)], ["billsec", String(s.bill)], ["progresssec", String(s.progress)], ["answersec", String(s.answer)],
    ["waitsec", String(s.wait)], ["progress_mediasec", String(s.progressMedia)], ["flow_billsec", String(s.flowBill)],
    ["mduration", String(ms.duration)], ["billmsec", String(ms.bill)], ["progressmsec", String(ms.progress)], ["answermsec", String(ms.answer)],
    ["waitmsec", String(ms.wait)], ["progress_mediamsec", String(ms.progressMedia)], ["flow_billmsec", String(ms.flowBill)],
    ["uduration", String(us.duration)], ["billusec", String(us.bill)], ["progressusec", String(us.progress)], ["answerusec", String(us.answer)],
    ["waitusec", String(us.wait)], ["progress_mediausec", String(us.progressMedia)], ["flow_billusec", String(us.flowBill)],
  );
  return out;
}
