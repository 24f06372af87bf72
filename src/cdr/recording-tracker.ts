/**
 * Registers every finished recording from FreeSWITCH's RECORD_STOP event,
 * including those started over ESL (`uuid_record`), which no CDR names.
 */
import { statSync } from "node:fs";
import type { Db } from "../db/client.ts";
import type { EslEvent, EslPort } from "../esl/port.ts";
import type { Logger } from "../log.ts";
import { type NewRecording, registerRecording } from "./recordings-store.ts";

const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

/** RECORD_STOP headers → the recording they describe, or undefined when they name no file. */
export function recordingFromStopEvent(headers: Readonly<Record<string, string>>): NewRecording | undefined {
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
  };
}

/** The file's size on disk when callboard can see it; FreeSWITCH's count otherwise. */
function sizeOnDisk(path: string): number | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.size;
  } catch {
    return undefined;
  }
}

export function startRecordingTracker({ db, esl, log }: { db: Db; esl: EslPort; log: Logger }): () => void {
  return esl.onEvent((event: EslEvent) => {
    if (event.name !== "RECORD_STOP") return;
    const rec = recordingFromStopEvent(event.headers);
    if (!rec) {
      log.warn({ uuid: event.headers["Unique-ID"] }, "RECORD_STOP without Record-File-Path: not registered");
      return;
    }
    try {
      const row = registerRecording(db, { ...rec, sizeBytes: sizeOnDisk(rec.path) ?? rec.sizeBytes });
      log.info({ id: row.id, path: row.path, channelUuid: row.channelUuid }, "recording registered");
    } catch (err) {
      log.error({ err, path: rec.path }, "recording not registered");
    }
  });
}
