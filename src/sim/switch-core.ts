/**
 * What every part of the simulated switch's call handling shares: the
 * model, the clock, how long things take, and the way to ask callboard.
 */
import type { Channel } from "./channel.ts";
import type { SimClock } from "./clock.ts";
import type { PbxModel } from "./pbx-model.ts";
import type { SwitchLookups } from "./switch-lookups.ts";
import type { VoicemailState } from "./voicemail-state.ts";

export type Timing = {
  /** From CHANNEL_CREATE to the dialplan lookup. */
  routeMs: number;
  /** From a B leg's creation to its 180 Ringing. */
  ringMs: number;
  /** How long a phone or the provider rings before answering, unless a call says otherwise. */
  answerMs: number;
  /** How long a bridge rings when neither leg_timeout nor call_timeout says. */
  ringTimeoutMs: number;
  /** How long a prompt plays (an IVR greeting, voicemail's greeting and instructions): the simulator has no audio to measure. */
  promptMs: number;
};

export const DEFAULT_TIMING: Timing = { routeMs: 20, ringMs: 100, answerMs: 3_000, ringTimeoutMs: 30_000, promptMs: 3_000 };

/** A key press of a scripted caller: `digits` keyed `afterMs` after the switch answered the call. */
export type KeyPress = { digits: string; afterMs: number };

/** How the far end of a call behaves: the callee's phone, or the provider for a call out. */
export type FarEnd = {
  answerAfterMs?: number;
  /** After the bridge; omitted means the call lasts until something hangs it up. */
  durationMs?: number;
  /** Which side hangs up when durationMs runs out. */
  hangupBy?: "caller" | "callee";
  /** The callee does not answer (ring timeout) or rejects with this cause. */
  reject?: "NO_ANSWER" | "USER_BUSY" | "CALL_REJECTED";
  /** The caller's keys once the switch answers (an IVR menu reads them); a string is keyed one second after the answer. */
  dtmf?: string | readonly KeyPress[];
};

export type SwitchCore = {
  model: PbxModel;
  clock: SimClock;
  timing: Timing;
  newUuid: () => string;
  /** The SIP domain phones register in. */
  domain: string;
  lookups: SwitchLookups;
  /** A phone's own answer delay (setAnswerDelay), if a test set one. */
  answerDelay(user: string): number | undefined;
  nextSessionId(): number;
  /** mod_callcenter's `callcenter <queue>`: `goOn` runs the rest of the dialplan when the caller leaves the queue unanswered. */
  joinQueue(leg: Channel, queue: string, farEnd: FarEnd, goOn: () => void): void;
  /** mod_voicemail's profiles and messages. */
  voicemail: VoicemailState;
};
