/**
 * Ring groups: one number that rings several extensions, all at once or one
 * after another, then falls back to an extension, another group or a hang-up
 * when nobody answers. Members and fallbacks are extensions (or groups of
 * extensions) only: a ring group never reaches a gateway, so a DID may point
 * at one. A time condition as fallback is decided when the group has given
 * up (the call is transferred to context `forward`, see route-forward.ts), and
 * its destinations are a DID's: never a gateway either.
 */
import type { RoutingLookup } from "./route-decision.ts";
import { CALLER_ID_PREFIX, isHangupCause, PREFIXED_CALLER_NAME, type RingGroupHangupCause } from "./safe-values.ts";

export const RING_STRATEGIES = ["simultaneous", "sequential"] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export const FALLBACK_TYPES = ["extension", "ring_group", "time_condition", "hangup"] as const;
export type FallbackType = (typeof FALLBACK_TYPES)[number];
/** Where an unanswered call goes: an extension number, a group or time condition name, or (hangup) the cause. */
export type RingGroupFallback = { type: FallbackType; target: string };

/** A ring group as the routing reads it. */
export type RingGroupRow = {
  name: string;
  /** The internal number phones dial to reach the group, if it has one. */
  number: string | null;
  strategy: RingStrategy;
  /** Extension numbers, in the order a sequential group rings them. */
  members: readonly string[];
  ringSeconds: number;
  timeoutSeconds: number;
  fallback: RingGroupFallback;
  callerIdNamePrefix: string | null;
  enabled: boolean;
};

/** One bridge of the call: a group's members, or the one extension a group falls back to. */
export type RingStep =
  | {
      kind: "group";
      group: string;
      strategy: RingStrategy;
      members: string[];
      ringSeconds: number;
      timeoutSeconds: number;
      /** The caller's name behind the group's prefix, as the members' phones show it. */
      callerIdName?: string;
    }
  | { kind: "extension"; number: string; callerIdName?: string };

export type RingGroupTarget = {
  kind: "ring_group";
  group: string;
  /** Tried in order until one is answered. */
  steps: RingStep[];
  /** How the call ends when no step was answered (and there is no time condition to go to). */
  hangupCause: RingGroupHangupCause;
  /** When no step was answered, the call goes on to this time condition, decided then. */
  timeCondition?: string;
  record: boolean;
  /** What was left out and why (a disabled member, a fallback that no longer exists): logged with the answer. */
  notes: string[];
};

/** Who is calling, as far as a phone's display may show it. */
export type RingCaller = {
  /** The name FreeSWITCH has for the caller: the directory's for a phone, whatever the provider sent for a DID call. */
  name?: string;
  number?: string;
  /** The extension calling, when a phone calls the group: its own phones are not rung. */
  extension?: string;
};

/** A fallback chain longer than this is cut: the API refuses loops, this holds for rows written behind its back. */
export const MAX_RING_STEPS = 8;

type GroupLookup = Pick<RoutingLookup, "extension" | "ringGroup">;

/**
 * The call a ring group makes: its enabled members (the calling extension
 * left out), then its fallback, followed through other groups until an
 * extension, a hang-up, a group seen before or MAX_RING_STEPS. A member on
 * do-not-disturb is not rung (as FusionPBX does), whatever its own busy
 * forward says: the group's call is the group's, and its fallback is where
 * unanswered group calls go. A group with no member left to ring goes
 * straight to its fallback, as if nobody had answered.
 */
export function ringGroupTarget(group: RingGroupRow, rows: GroupLookup, caller: RingCaller, record: boolean): RingGroupTarget {
  const steps: RingStep[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const end = (hangupCause: RingGroupHangupCause): RingGroupTarget => ({ kind: "ring_group", group: group.name, steps, hangupCause, record, notes });

  for (let g = group; ; ) {
    seen.add(g.name);
    const callerIdName = prefixedCallerName(g.callerIdNamePrefix, caller);
    const members = g.members.filter((m) => {
      if (m === caller.extension) return false;
      const member = rows.extension(m);
      if (!member?.enabled) {
        notes.push(`ring group ${g.name}: member ${m} is missing or disabled, not rung`);
        return false;
      }
      if (member.dnd) {
        notes.push(`ring group ${g.name}: member ${m} is on do-not-disturb, not rung`);
        return false;
      }
      return true;
    });
    if (members.length > 0) {
      steps.push({
        kind: "group",
        group: g.name,
        strategy: g.strategy,
        members,
        ringSeconds: g.ringSeconds,
        timeoutSeconds: g.timeoutSeconds,
        ...(callerIdName ? { callerIdName } : {}),
      });
    } else {
      notes.push(`ring group ${g.name} has no member to ring`);
    }

    const { type, target } = g.fallback;
    if (type === "hangup") {
      if (isHangupCause(target)) return end(target);
      notes.push(`ring group ${g.name}: fallback cause ${target.slice(0, 40)} is not one callboard hangs up with; NO_ANSWER`);
      return end("NO_ANSWER");
    }
    if (type === "extension") {
      const ext = rows.extension(target);
      if (!ext?.enabled) notes.push(`ring group ${g.name}: fallback extension ${target} is missing or disabled`);
      else if (ext.number === caller.extension) notes.push(`ring group ${g.name}: fallback extension ${target} is the caller`);
      else steps.push({ kind: "extension", number: ext.number, ...(callerIdName ? { callerIdName } : {}) });
      return end("NO_ANSWER");
    }
    if (type === "time_condition") return { ...end("NO_ANSWER"), timeCondition: target };
    const next = rows.ringGroup(target);
    if (!next?.enabled) {
      notes.push(`ring group ${g.name}: fallback ring group ${target} is missing or disabled`);
      return end("NO_ANSWER");
    }
    if (seen.has(next.name) || seen.size >= MAX_RING_STEPS) {
      notes.push(`ring group ${g.name}: fallback to ${next.name} would loop or go too deep; stopped`);
      return end("NO_ANSWER");
    }
    g = next;
  }
}

/**
 * The fallback chain from a group, when it comes back to a group already on
 * it: `["sales", "support", "sales"]`; undefined when it ends. `fallbackOf`
 * answers for the other groups as stored; `start` uses `fallback` as it is
 * about to be written.
 */
export function fallbackLoop(
  start: string,
  fallback: RingGroupFallback,
  fallbackOf: (name: string) => RingGroupFallback | undefined,
): string[] | undefined {
  const path = [start];
  let next: RingGroupFallback | undefined = fallback;
  while (next?.type === "ring_group") {
    const name = next.target;
    path.push(name);
    if (path.indexOf(name) < path.length - 1) return path;
    next = fallbackOf(name);
  }
  return undefined;
}

/** One character a caller id name keeps on its way to a phone: DISPLAY_NAME's class without `@` (see CALLER_ID_PREFIX). */
const NAME_CHAR = /[\p{L}\p{M}\p{N} ._()-]/u;

/**
 * A caller's name reduced to what a display name may hold: an apostrophe
 * (Uzbek Latin `Qo'ng'iroq`) becomes the modifier letter ʼ, anything else
 * outside the class is dropped. Provider-sent names are untrusted text; what
 * comes out carries no FreeSWITCH syntax at all.
 */
function displayable(raw: string | undefined): string {
  if (!raw) return "";
  const mapped = raw.replace(/['’`]/g, "ʼ");
  let out = "";
  for (const ch of mapped) if (NAME_CHAR.test(ch)) out += ch;
  return out.replace(/ {2,}/g, " ").trim();
}

/**
 * "Sales - Ali Valiyev": the group's prefix before the caller's name (or,
 * without a usable name, the number), cut to 64 characters. Undefined when
 * the group has no prefix: the caller's own name is shown as it is.
 */
export function prefixedCallerName(prefix: string | null, caller: Pick<RingCaller, "name" | "number">): string | undefined {
  if (!prefix || !CALLER_ID_PREFIX.test(prefix)) return undefined;
  const who = displayable(caller.name) || displayable(caller.number);
  const full = [...`${prefix}${who}`].slice(0, 64).join("").trim();
  return PREFIXED_CALLER_NAME.test(full) ? full : undefined;
}
