/**
 * The one way callboard talks to FreeSWITCH's event socket. Everything but
 * the client (esl-client.ts) depends on this file only, so tests can pass the
 * simulator (or a fake) and nothing else knows how the socket is spoken.
 */

export type EslFailure =
  | { ok: false; kind: "timeout"; message: string }
  | { ok: false; kind: "disconnected"; message: string }
  /** FreeSWITCH answered `-ERR …`; message is its text without the `-ERR ` prefix. */
  | { ok: false; kind: "error"; message: string };

export type EslResult<T = string> = { ok: true; value: T } | EslFailure;

export const EVENT_NAMES = [
  "CHANNEL_CREATE",
  "CHANNEL_ANSWER",
  "CHANNEL_BRIDGE",
  "CHANNEL_UNBRIDGE",
  "CHANNEL_HANGUP",
  "CHANNEL_HANGUP_COMPLETE",
  "CHANNEL_DESTROY",
  "CHANNEL_CALLSTATE",
  "CHANNEL_HOLD",
  "CHANNEL_UNHOLD",
  "CHANNEL_PROGRESS",
  "CHANNEL_PROGRESS_MEDIA",
  "RECORD_START",
  "RECORD_STOP",
  "HEARTBEAT",
  "BACKGROUND_JOB",
  "CUSTOM",
] as const;
export type EslEventName = (typeof EVENT_NAMES)[number];

export const CUSTOM_SUBCLASSES = [
  "sofia::register",
  "sofia::unregister",
  "sofia::expire",
  "sofia::gateway_state",
  "sofia::register_failure",
  "callcenter::info",
  // Fired by callboard's own dialplan answer when a phone dials a feature code (src/xmlcurl/render-call-handling.ts).
  "callboard::feature",
  // mod_voicemail's: a PIN changed from the phone's menu (src/esl/voicemail-pin-listener.ts).
  "vm::maintenance",
] as const;
export type EslCustomSubclass = (typeof CUSTOM_SUBCLASSES)[number];

/** One event with its headers already URL-decoded (plain) or taken as-is (json). */
export type EslEvent<N extends EslEventName = EslEventName> = {
  name: N;
  subclass?: N extends "CUSTOM" ? EslCustomSubclass : undefined;
  headers: Readonly<Record<string, string>>;
  body?: string;
};

export type EslConnectionStatus = "connecting" | "connected" | "disconnected";

/**
 * The status one step finer: `auth-failed` is `disconnected` because
 * FreeSWITCH refused the password, which retrying alone will not fix.
 */
export type EslLinkState = EslConnectionStatus | "auth-failed";

export type EslCommandOptions = { timeout?: number };

export interface EslPort {
  /** `api <command>`; resolves with the reply body. */
  api(command: string, options?: EslCommandOptions): Promise<EslResult>;
  /** `bgapi <command>`; resolves with the BACKGROUND_JOB body once FreeSWITCH has run it. */
  bgapi(command: string, options?: EslCommandOptions): Promise<EslResult>;
  onEvent(listener: (event: EslEvent) => void): () => void;
  /**
   * Called on every change; a fresh "connected" is the moment to resync.
   * `link` (absent from fakes) tells a refused password apart.
   */
  onStatus(listener: (status: EslConnectionStatus, link?: EslLinkState) => void): () => void;
  status(): EslConnectionStatus;
  close(): void;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
