/**
 * Per-extension call handling: do-not-disturb, how long the phones ring, and
 * where a call goes instead — always, when the extension is busy, or when
 * nobody answers. A forward sends the call to another extension, to an
 * outside number (through an outbound route the extension's own class
 * allows, exactly as if it dialled it), to a voicemail box or to a time
 * condition.
 */

export const FORWARD_TYPES = ["extension", "number", "voicemail", "time_condition"] as const;
export type ForwardType = (typeof FORWARD_TYPES)[number];
/** Where a forward sends the call: an extension number, an outside number, a box's extension number or a time condition's name. */
export type Forward = { type: ForwardType; target: string };

export const FORWARD_FIELDS = ["forwardAlways", "forwardBusy", "forwardNoAnswer"] as const;
export type ForwardField = (typeof FORWARD_FIELDS)[number];

export type CallHandling = {
  dnd: boolean;
  /** Seconds the phones ring before no-answer handling; null: the PBX's ring timeout. */
  ringSeconds: number | null;
} & Record<ForwardField, Forward | null>;

export const RING_SECONDS_MIN = 5;
export const RING_SECONDS_MAX = 300;

/**
 * Forwards followed for one call before callboard stops: the API refuses
 * loops it can see; this holds for rows written behind its back and for
 * chains through time conditions that only loop at certain hours.
 */
export const MAX_FORWARD_HOPS = 5;

/** How the handling is stored: columns of the extensions table. */
export type CallHandlingColumns = {
  dnd: boolean;
  ringSeconds: number | null;
  forwardAlwaysType: ForwardType | null;
  forwardAlwaysTarget: string | null;
  forwardBusyType: ForwardType | null;
  forwardBusyTarget: string | null;
  forwardNoAnswerType: ForwardType | null;
  forwardNoAnswerTarget: string | null;
};

const forwardOf = (type: ForwardType | null, target: string | null): Forward | null =>
  type !== null && target !== null && (FORWARD_TYPES as readonly string[]).includes(type) ? { type, target } : null;

export const NO_CALL_HANDLING: CallHandling = { dnd: false, ringSeconds: null, forwardAlways: null, forwardBusy: null, forwardNoAnswer: null };

export function callHandlingOf(row: Partial<CallHandlingColumns>): CallHandling {
  return {
    dnd: row.dnd ?? false,
    ringSeconds: row.ringSeconds ?? null,
    forwardAlways: forwardOf(row.forwardAlwaysType ?? null, row.forwardAlwaysTarget ?? null),
    forwardBusy: forwardOf(row.forwardBusyType ?? null, row.forwardBusyTarget ?? null),
    forwardNoAnswer: forwardOf(row.forwardNoAnswerType ?? null, row.forwardNoAnswerTarget ?? null),
  };
}

/** The columns a (partial) change writes; a forward set to null clears both its columns. */
export function callHandlingColumns(change: Partial<CallHandling>): Partial<CallHandlingColumns> {
  const out: Partial<CallHandlingColumns> = {};
  if (change.dnd !== undefined) out.dnd = change.dnd;
  if (change.ringSeconds !== undefined) out.ringSeconds = change.ringSeconds;
  if (change.forwardAlways !== undefined) Object.assign(out, { forwardAlwaysType: change.forwardAlways?.type ?? null, forwardAlwaysTarget: change.forwardAlways?.target ?? null });
  if (change.forwardBusy !== undefined) Object.assign(out, { forwardBusyType: change.forwardBusy?.type ?? null, forwardBusyTarget: change.forwardBusy?.target ?? null });
  if (change.forwardNoAnswer !== undefined) {
    Object.assign(out, { forwardNoAnswerType: change.forwardNoAnswer?.type ?? null, forwardNoAnswerTarget: change.forwardNoAnswer?.target ?? null });
  }
  return out;
}

/** True when nothing but ringing the phones for the PBX's ring timeout happens. */
export const isPlain = (h: CallHandling) => !h.dnd && h.ringSeconds === null && !h.forwardAlways && !h.forwardBusy && !h.forwardNoAnswer;

/**
 * Causes of an unanswered ring that count as busy (the phone refused: 486
 * Busy Here, 603 Decline); every other one — no answer, no phone registered,
 * unreachable — counts as no answer.
 */
export const BUSY_CAUSES: readonly string[] = ["USER_BUSY", "CALL_REJECTED"];

/**
 * The forward chain from `start`, when following the forwards comes back to
 * an extension already on it: `["1001", "1002", "1001"]`; undefined when
 * every path ends. `next` names the extensions an extension's handling can
 * send calls to (through time conditions included); `first` is what `start`
 * is about to be set to.
 */
export function forwardLoop(start: string, first: readonly string[], next: (extension: string) => readonly string[]): string[] | undefined {
  const walk = (path: string[], targets: readonly string[]): string[] | undefined => {
    for (const t of targets) {
      const p = [...path, t];
      if (path.includes(t)) return p;
      if (path.length > 32) continue;
      const found = walk(p, next(t));
      if (found) return found;
    }
    return undefined;
  };
  return walk([start], first);
}
