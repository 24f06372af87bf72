/**
 * The way in for a recording FreeSWITCH reports (RECORD_STOP, a CDR's app
 * log): its path vetted, its file judged on disk once the recording has
 * ended, and a warning for each refusal or recording without audio, naming
 * the leg. FreeSWITCH itself fails silently when it cannot write the file.
 */
import { statSync } from "node:fs";
import type { Logger } from "../log.ts";
import { vetRecordingPath } from "../pbx/recording-path.ts";
import type { ParsedCdr } from "./parse-json-cdr.ts";
import { judgeRecording, type RecordingStatus } from "../pbx/recording-outcome.ts";

/** `voicemailDir`: mod_voicemail's storage; what it records there is a message (api/voicemail), not a call recording. */
export type RecordingIntake = { recordingsDir: string; voicemailDir?: string; log: Logger };
type Reported = { path: string; sizeBytes?: number; reported?: "failed" | "empty" };

const WHY: Record<Exclude<RecordingStatus, "ok">, string> = {
  failed: "recording failed: FreeSWITCH could not write the file (`callboard doctor` checks the recordings directory)",
  missing: "recording missing: no file on disk after the recording ended (`callboard doctor` checks the recordings directory)",
  empty: "recording empty: the file holds no audio",
};

function fileSize(path: string): { size: number } | { code: string } {
  try {
    const st = statSync(path);
    return st.isFile() ? { size: st.size } : { code: "not a regular file" };
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

/** The recording with its status (and its size on disk, which beats FreeSWITCH's count), or undefined when refused. */
export function admitRecording<R extends Reported>(
  rec: R,
  legUuid: string,
  source: "RECORD_STOP" | "CDR",
  { recordingsDir, voicemailDir, log }: RecordingIntake,
): (Omit<R, "reported"> & { status: RecordingStatus }) | undefined {
  if (voicemailDir && rec.path.startsWith(`${voicemailDir}/`)) return undefined;
  const verdict = vetRecordingPath(rec.path, recordingsDir);
  if (!verdict.ok) {
    log.warn({ uuid: legUuid, source, path: rec.path }, `recording refused: its path ${verdict.reason}`);
    return undefined;
  }
  const file = fileSize(rec.path);
  const size = "size" in file ? file.size : undefined;
  const status = judgeRecording(rec.path, rec.reported, size);
  if (status !== "ok") {
    log.warn({ uuid: legUuid, source, path: rec.path, status, ...("code" in file ? { code: file.code } : {}) }, WHY[status]);
  }
  const { reported: _, ...rest } = rec;
  return { ...rest, sizeBytes: size ?? rec.sizeBytes, status };
}

/** A CDR whose recordings passed the intake; the CDR itself is stored either way. */
export function admitCdrRecordings(cdr: ParsedCdr, intake: RecordingIntake): ParsedCdr {
  return { ...cdr, recordings: cdr.recordings.flatMap((rec) => admitRecording(rec, cdr.row.uuid, "CDR", intake) ?? []) };
}
