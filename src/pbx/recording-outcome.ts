/**
 * Whether a finished recording holds audio, judged from what FreeSWITCH said
 * (`record_completion_cause`, switch_ivr_async.c) and what is on disk. Pure.
 *
 * FreeSWITCH fires no RECORD_START or RECORD_STOP when it cannot open the
 * file: it logs `Error opening …` (or `Error creating <dir>`), sets
 * `record_completion_cause=uri-failure` on the channel and carries on, so the
 * CDR is the only report of that failure. A write error mid-call and an empty
 * file it discarded do come with RECORD_STOP and a cause.
 */
export const RECORDING_STATUSES = ["ok", "missing", "empty", "failed"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** FreeSWITCH's own word that a recording has no audio; other causes (success-*, no-input-timeout) say nothing. */
export function statusFromCause(cause: string | undefined): "failed" | "empty" | undefined {
  if (cause === "uri-failure") return "failed";
  if (cause === "empty-file" || cause === "input-too-short") return "empty";
  return undefined;
}

/** A WAV with only its 44-byte header holds no audio. */
const headerBytes = (path: string) => (path.toLowerCase().endsWith(".wav") ? 44 : 0);

export function judgeRecording(path: string, reported: "failed" | "empty" | undefined, sizeOnDisk: number | undefined): RecordingStatus {
  if (reported) return reported;
  if (sizeOnDisk === undefined) return "missing";
  return sizeOnDisk <= headerBytes(path) ? "empty" : "ok";
}

/**
 * RECORD_STOP and the CDR each judge the same file; the worse verdict stands,
 * so a failure either one saw is never hidden by the other.
 */
export const severity = (status: RecordingStatus) => RECORDING_STATUSES.indexOf(status);
