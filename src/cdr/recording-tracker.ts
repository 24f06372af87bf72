/**
 * Registers every finished recording from FreeSWITCH's RECORD_STOP event,
 * including those started over ESL (`uuid_record`), which no CDR names.
 * RECORD_START adds nothing: FreeSWITCH fires it only once the file is open,
 * and fires neither event when it cannot open it (the CDR reports that).
 */
import type { Db } from "../db/client.ts";
import type { EslEvent, EslPort } from "../esl/port.ts";
import { statusFromCause } from "../pbx/recording-outcome.ts";
import { admitRecording, type RecordingIntake } from "./recording-intake.ts";
import { type NewRecording, registerRecording } from "../db/recordings.ts";

const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

/** RECORD_STOP headers → the recording they describe, or undefined when they name no file. */
export function recordingFromStopEvent(
  headers: Readonly<Record<string, string>>,
): (NewRecording & { reported?: "failed" | "empty" }) | undefined {
  const path = headers["Record-File-Path"];
  const channelUuid = headers["Unique-ID"];
  if (!path || !channelUuid) return undefined;
  const durationMs = count(headers.variable_record_ms);
  const stoppedMicros = count(headers["Event-Date-Timestamp"]);
  return {
    path,
    channelUuid,
    // For a B leg, Channel-Call-UUID is its A leg: the call's uuid everywhere in callboard.
    callUuid: headers["Channel-Call-UUID"] || channelUuid,
    durationMs,
    sizeBytes: count(headers.variable_record_file_size),
    startedAt: stoppedMicros ? new Date(Math.floor(stoppedMicros / 1000) - (durationMs ?? 0)) : undefined,
    // uri-failure: a write failed mid-call; empty-file / input-too-short: FreeSWITCH discarded the file.
    reported: statusFromCause(headers["Record-Completion-Cause"]),
  };
}

export function startRecordingTracker({ db, esl, ...intake }: { db: Db; esl: EslPort } & RecordingIntake): () => void {
  const { log } = intake;
  return esl.onEvent((event: EslEvent) => {
    if (event.name !== "RECORD_STOP") return;
    const rec = recordingFromStopEvent(event.headers);
    if (!rec) {
      log.warn({ uuid: event.headers["Unique-ID"] }, "RECORD_STOP without Record-File-Path: not registered");
      return;
    }
    const admitted = admitRecording(rec, rec.channelUuid, "RECORD_STOP", intake);
    if (!admitted) return;
    try {
      const row = registerRecording(db, admitted);
      log.info({ id: row?.id, path: rec.path, channelUuid: rec.channelUuid, status: admitted.status }, "recording registered");
    } catch (err) {
      log.error({ err, path: rec.path }, "recording not registered");
    }
  });
}
