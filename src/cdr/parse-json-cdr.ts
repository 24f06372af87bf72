/**
 * One mod_json_cdr POST body → one `cdrs` row (plus the recordings it
 * names), or a clear error. Pure: no database, no clock, no file system.
 */
import type { cdrs } from "../db/schema.ts";
import { legParties } from "../pbx/leg-parties.ts";
import { normalizeDid } from "../pbx/numbers.ts";
import { type CallerProfile, readCallflow } from "./caller-profiles.ts";
import { decodeCdrBody } from "./decode-cdr-body.ts";
import { type RecordingStatus, statusFromCause } from "../pbx/recording-outcome.ts";

export type CdrRow = typeof cdrs.$inferInsert & { startedAt: Date; endedAt: Date };
/** `reported`: FreeSWITCH's own word that the file has no audio; `status`: the verdict at ingest (recording-intake.ts). */
export type CdrRecording = {
  path: string;
  durationMs?: number;
  sizeBytes?: number;
  startedAt?: Date;
  reported?: "failed" | "empty";
  status?: RecordingStatus;
};
export type ParsedCdr = { row: CdrRow; recordings: CdrRecording[] };
export type ParseCdrResult = ({ ok: true } & ParsedCdr) | { ok: false; error: string };

const LEG_UUID = /^[A-Za-z0-9-]{1,64}$/;
const GATEWAY_IN_DIALSTRING = /sofia\/gateway\/([^/\s]+)\//;

/** encode-values=true URL-encodes every variable; a stray `%` must not lose the value. */
function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

function readVariables(raw: unknown): Map<string, string> | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const vars = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string") vars.set(key, decodeValue(value));
    else if (typeof value === "number") vars.set(key, String(value));
  }
  return vars;
}

/** Epoch microseconds ("0" means never) → Date. */
function fromMicros(value: string | undefined): Date | undefined {
  if (!value || !/^\d+$/.test(value) || value === "0") return undefined;
  return new Date(Math.floor(Number(value) / 1000));
}

const wholeNumber = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

type AppLogEntry = { name: string; data: string };

function readAppLog(raw: unknown): AppLogEntry[] {
  const apps = (raw as { applications?: unknown } | undefined)?.applications;
  if (!Array.isArray(apps)) return [];
  return apps
    .filter((a): a is { app_name: string; app_data?: unknown } => typeof a?.app_name === "string")
    .map((a) => ({ name: a.app_name, data: typeof a.app_data === "string" ? a.app_data : "" }));
}

/** Paths given to record_session, directly or through execute_on_answer and friends. */
function recordingPaths(apps: AppLogEntry[]): string[] {
  const paths = new Set<string>();
  for (const app of apps) {
    const data =
      app.name === "record_session" ? app.data : /(?:^|[=\s])record_session\s+(\S+)/.exec(app.data)?.[1] ?? "";
    const path = data.trim().split(/\s+/)[0];
    if (path?.startsWith("/")) paths.add(path);
  }
  return [...paths];
}

function findGateway(vars: Map<string, string>, apps: AppLogEntry[]): string | undefined {
  const named = vars.get("sip_gateway_name");
  if (named) return named;
  const dialstrings = [vars.get("last_arg"), vars.get("current_application_data"), ...apps.filter((a) => a.name === "bridge").map((a) => a.data)];
  for (const d of dialstrings) {
    const m = d ? GATEWAY_IN_DIALSTRING.exec(d) : null;
    if (m?.[1]) return m[1];
  }
  return undefined;
}

export function parseJsonCdr(body: Uint8Array, contentType?: string): ParseCdrResult {
  const decoded = decodeCdrBody(body, contentType);
  if (!decoded.ok) return decoded;
  const vars = readVariables(decoded.json.variables);
  if (!vars) return { ok: false, error: "variables: missing or not an object" };
  const uuid = vars.get("uuid");
  if (!uuid || !LEG_UUID.test(uuid)) return { ok: false, error: "variables.uuid: missing or not a channel uuid" };

  const callflow = readCallflow(decoded.json.callflow);
  const newest = callflow[0];
  const oldest = callflow.at(-1);
  const profile: CallerProfile = newest?.profile ?? {};
  const originators = callflow.flatMap((e) => e.originators);

  const startedAt = fromMicros(vars.get("start_uepoch")) ?? fromMicros(oldest?.times.created_time);
  const endedAt = fromMicros(vars.get("end_uepoch")) ?? fromMicros(newest?.times.hangup_time);
  if (!startedAt) return { ok: false, error: "variables.start_uepoch: missing" };
  if (!endedAt) return { ok: false, error: "variables.end_uepoch: missing" };
  const answeredAt = fromMicros(vars.get("answer_uepoch")) ?? fromMicros(newest?.times.answered_time);

  // A B leg names the leg that originated it; that A leg's uuid identifies the call.
  const originator = vars.get("originator") ?? vars.get("originating_leg_uuid") ?? originators[0]?.uuid;
  const leg = originator && originator !== uuid ? "b" : "a";
  const callUuid = leg === "b" && originator && LEG_UUID.test(originator) ? originator : uuid;

  const apps = readAppLog(decoded.json.app_log);
  const gateway = findGateway(vars, apps);
  const sides = leg === "b" ? [...originators, ...callflow.map((e) => e.profile)] : callflow.map((e) => e.profile);
  const publicProfile = sides.find((p) => p.context === "public");
  const fromProvider = leg === "a" && vars.get("direction") === "inbound" && vars.has("sip_gateway_name");
  const direction = publicProfile || fromProvider ? "inbound" : gateway ? "outbound" : "internal";
  const didSource = publicProfile?.destinationNumber ?? (fromProvider ? oldest?.profile.destinationNumber : undefined);

  const duration = wholeNumber(vars.get("duration")) ?? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000));
  const billSeconds =
    wholeNumber(vars.get("billsec")) ?? (answeredAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0);

  const extension = (leg === "a" ? (vars.get("user_name") ?? vars.get("dialed_user")) : vars.get("dialed_user")) ?? undefined;
  const who = legParties({
    callerName: profile.callerIdName ?? "",
    callerNumber: profile.callerIdNumber ?? "",
    // json_cdr leaves the callee out of caller_profile; on a leg FreeSWITCH originated it is the phone it rang.
    calleeName: "",
    calleeNumber: profile.destinationNumber ?? "",
    destination: profile.destinationNumber ?? "",
    originated: leg === "a" && vars.get("direction") === "outbound",
    extension,
  });

  const paths = recordingPaths(apps);
  const single = paths.length === 1;
  // The record_* variables describe the leg's last recording: only a lone one can claim them.
  const reported = single ? statusFromCause(vars.get("record_completion_cause")) : undefined;
  const recordings: CdrRecording[] = paths.map((path) => ({
    path,
    durationMs: single ? wholeNumber(vars.get("record_ms")) : undefined,
    sizeBytes: single ? wholeNumber(vars.get("record_file_size")) : undefined,
    // record_session normally starts at answer; the CDR carries no better clock for it.
    startedAt: answeredAt ?? startedAt,
    ...(reported ? { reported } : {}),
  }));

  const row: CdrRow = {
    uuid,
    callUuid,
    direction,
    leg,
    callerIdNumber: who.number || null,
    callerIdName: who.name || null,
    destinationNumber: who.to || null,
    extension: extension ?? null,
    did: didSource ? (normalizeDid(didSource) ?? null) : null,
    gateway: gateway ?? null,
    context: profile.context ?? null,
    startedAt,
    answeredAt: answeredAt ?? null,
    endedAt,
    durationSeconds: duration,
    billSeconds,
    hangupCause: vars.get("hangup_cause") || "NONE",
    raw: decoded.text,
  };
  return { ok: true, row, recordings };
}
