/**
 * Time conditions: a named schedule (weekly opening hours and holidays) that
 * sends a call to one destination while open and another while closed.
 * Whether a schedule is open is a pure function of the schedule, the instant
 * and the PBX's time zone: the wall clock in that zone decides, so a rule
 * written as 09:00–18:00 means 09:00 on the office's clocks, summer or winter.
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM", 00:00–23:59; a close time may also be "24:00" (the end of the day). */
export const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
export const CLOSE_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** A calendar date, "YYYY-MM-DD". */
export const CALENDAR_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

/**
 * Open on `days` from `open` until `close`. A close at or before the open
 * (22:00–06:00) runs past midnight into the next day: the rule belongs to the
 * day it opens on.
 */
export type WeeklyRule = { days: readonly Weekday[]; open: string; close: string };
/** Open hours on one date; they do not cross midnight. */
export type Hours = { open: string; close: string };
/** A date the weekly rules do not apply: closed all day, or open only during its own `hours`. */
export type Holiday = { date: string; name?: string; hours?: readonly Hours[] };
export type Schedule = { rules: readonly WeeklyRule[]; holidays: readonly Holiday[] };

/** Why a schedule is open or closed at an instant. */
export type ScheduleReason =
  | { kind: "rule"; index: number; days: readonly Weekday[]; open: string; close: string }
  | { kind: "holiday"; date: string; name?: string; hours?: Hours }
  | { kind: "no_rule" };

export type ScheduleState = {
  state: "open" | "closed";
  reason: ScheduleReason;
  /** The wall clock the decision was made on, e.g. "2026-12-01 23:00 tue". */
  local: string;
};

/** The wall clock in a zone: the calendar date, weekday and minute of the day. */
export type WallClock = { date: string; weekday: Weekday; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (an IANA name such as Asia/Tashkent). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const weekday = (parts.weekday ?? "").toLowerCase().slice(0, 3) as Weekday;
  const hour = Number(parts.hour) % 24;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minute: hour * 60 + Number(parts.minute) };
}

export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const previousDay = (d: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(d) + 6) % 7] as Weekday;

const crossesMidnight = (r: Hours): boolean => minutesOf(r.close) <= minutesOf(r.open);

/** Whether the open/close pair is one a schedule may hold: both well formed, not empty. */
export function validHours(h: Hours, mayCrossMidnight: boolean): boolean {
  if (!CLOCK_TIME.test(h.open) || !CLOSE_TIME.test(h.close)) return false;
  if (h.close === "24:00") return true;
  if (minutesOf(h.close) === minutesOf(h.open)) return false;
  return mayCrossMidnight || minutesOf(h.close) > minutesOf(h.open);
}

const pad = (n: number) => String(n).padStart(2, "0");
const clockText = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

/**
 * Open or closed at `at`, on the wall clock of `timeZone`. A holiday decides
 * its whole date (an overnight rule from the day before does not spill into
 * it); otherwise a rule is open from its open time on one of its days until
 * its close time, the next day's when it crosses midnight. The first rule
 * that is open names the reason; closed with no rule open is `no_rule`.
 */
export function scheduleState(schedule: Schedule, at: Date, timeZone: string): ScheduleState {
  const now = wallClock(at, timeZone);
  const local = `${now.date} ${clockText(now.minute)} ${now.weekday}`;
  const holiday = schedule.holidays.find((h) => h.date === now.date);
  if (holiday) {
    const name = holiday.name ? { name: holiday.name } : {};
    const hours = (holiday.hours ?? []).find((h) => now.minute >= minutesOf(h.open) && now.minute < minutesOf(h.close));
    if (hours) return { state: "open", reason: { kind: "holiday", date: holiday.date, ...name, hours: { open: hours.open, close: hours.close } }, local };
    return { state: "closed", reason: { kind: "holiday", date: holiday.date, ...name }, local };
  }
  const yesterday = previousDay(now.weekday);
  for (const [index, rule] of schedule.rules.entries()) {
    const open = minutesOf(rule.open);
    const close = minutesOf(rule.close);
    const overnight = crossesMidnight(rule) && rule.close !== "24:00";
    const today = rule.days.includes(now.weekday) && now.minute >= open && (overnight || now.minute < close);
    const spill = overnight && rule.days.includes(yesterday) && now.minute < close;
    if (today || spill) return { state: "open", reason: { kind: "rule", index, days: rule.days, open: rule.open, close: rule.close }, local };
  }
  return { state: "closed", reason: { kind: "no_rule" }, local };
}

/** Where a time condition sends a call: an extension number, a ring group or time condition name, or (hangup) a cause. */
export const TIME_CONDITION_DESTINATION_TYPES = ["extension", "ring_group", "time_condition", "hangup"] as const;
export type TimeConditionDestinationType = (typeof TIME_CONDITION_DESTINATION_TYPES)[number];
export type TimeConditionDestination = { type: TimeConditionDestinationType; target: string };

/** Time conditions are named like ring groups: `business-hours`, `night`. */
export const TIME_CONDITION_NAME = /^[a-z0-9_-]{1,32}$/;

/** A time condition as the routing reads it. */
export type TimeConditionRow = {
  name: string;
  schedule: Schedule;
  open: TimeConditionDestination;
  closed: TimeConditionDestination;
  enabled: boolean;
};

/** One time condition a call passed through, and which way it went. */
export type TimeConditionStep = {
  timeCondition: string;
  state: "open" | "closed";
  reason: ScheduleReason;
  local: string;
  destination: TimeConditionDestination;
};

/** A chain of time conditions longer than this is cut: the API refuses loops, this holds for rows written behind its back. */
export const MAX_TIME_CONDITION_HOPS = 8;

/**
 * Follows time conditions from `start` at `at`: each one's open or closed
 * destination, until one that is not a time condition. `steps` says which
 * way each went; `end` is the final destination, or undefined with `problem`
 * when a condition is missing, disabled, loops or goes too deep.
 */
export function followTimeConditions(
  start: string,
  lookup: (name: string) => TimeConditionRow | undefined,
  at: Date,
  timeZone: string,
): { steps: TimeConditionStep[]; end?: TimeConditionDestination; problem?: string } {
  const steps: TimeConditionStep[] = [];
  const seen = new Set<string>();
  let name = start;
  for (;;) {
    const tc = lookup(name);
    if (!tc?.enabled) return { steps, problem: `time condition ${name} is missing or disabled` };
    if (seen.has(name) || seen.size >= MAX_TIME_CONDITION_HOPS) return { steps, problem: `time condition ${name} would loop or go too deep` };
    seen.add(name);
    const s = scheduleState(tc.schedule, at, timeZone);
    const destination = s.state === "open" ? tc.open : tc.closed;
    steps.push({ timeCondition: tc.name, state: s.state, reason: s.reason, local: s.local, destination });
    if (destination.type !== "time_condition") return { steps, end: destination };
    name = destination.target;
  }
}

/**
 * The chain of time conditions from one, when one of its destinations comes
 * back to a condition already on it: `["day", "night", "day"]`; undefined
 * when every path ends. `destinationsOf` answers for the stored conditions;
 * `start` uses `destinations` as about to be written.
 */
export function timeConditionLoop(
  start: string,
  destinations: readonly TimeConditionDestination[],
  destinationsOf: (name: string) => readonly TimeConditionDestination[] | undefined,
): string[] | undefined {
  const walk = (path: string[], next: readonly TimeConditionDestination[]): string[] | undefined => {
    for (const d of next) {
      if (d.type !== "time_condition") continue;
      const p = [...path, d.target];
      if (path.includes(d.target)) return p;
      const found = walk(p, destinationsOf(d.target) ?? []);
      if (found) return found;
    }
    return undefined;
  };
  return walk([start], destinations);
}

/**
 * The problem with a schedule as stored or about to be, or undefined when it
 * is one scheduleState can read: the API's zod schema says the same field by
 * field; this guards the routing against rows written behind its back.
 */
export function scheduleProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "schedule is not an object";
  const { rules, holidays } = value as { rules?: unknown; holidays?: unknown };
  if (!Array.isArray(rules) || !Array.isArray(holidays)) return "schedule needs rules and holidays lists";
  for (const [i, r] of rules.entries()) {
    const rule = r as Partial<WeeklyRule> | null;
    if (!rule || !Array.isArray(rule.days) || rule.days.length === 0 || !rule.days.every((d) => (WEEKDAYS as readonly unknown[]).includes(d))) {
      return `rules.${i}.days must list mon … sun`;
    }
    if (typeof rule.open !== "string" || typeof rule.close !== "string" || !validHours({ open: rule.open, close: rule.close }, true)) {
      return `rules.${i}: open and close must be HH:MM and differ`;
    }
  }
  for (const [i, h] of holidays.entries()) {
    const holiday = h as Partial<Holiday> | null;
    if (!holiday || typeof holiday.date !== "string" || !CALENDAR_DATE.test(holiday.date)) return `holidays.${i}.date must be YYYY-MM-DD`;
    if (holiday.hours !== undefined) {
      if (!Array.isArray(holiday.hours)) return `holidays.${i}.hours must be a list`;
      for (const [j, x] of holiday.hours.entries()) {
        const hours = x as Partial<Hours> | null;
        if (!hours || typeof hours.open !== "string" || typeof hours.close !== "string" || !validHours({ open: hours.open, close: hours.close }, false)) {
          return `holidays.${i}.hours.${j}: open before close, HH:MM, within the day`;
        }
      }
    }
  }
  return undefined;
}
