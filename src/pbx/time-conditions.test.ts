import { describe, expect, test } from "bun:test";
import {
  followTimeConditions,
  isTimeZone,
  scheduleState,
  timeConditionLoop,
  validHours,
  wallClock,
  type Schedule,
  type TimeConditionRow,
} from "./time-conditions.ts";

const TASHKENT = "Asia/Tashkent";
const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;

/** Mon–Fri 09:00–13:00 and 14:00–18:00 (lunch), Sat 10:00–14:00; New Year closed, 8 March open 10–14. */
const office: Schedule = {
  rules: [
    { days: weekdays, open: "09:00", close: "13:00" },
    { days: weekdays, open: "14:00", close: "18:00" },
    { days: ["sat"], open: "10:00", close: "14:00" },
  ],
  holidays: [
    { date: "2027-01-01", name: "New Year" },
    { date: "2027-03-08", name: "Women's Day", hours: [{ open: "10:00", close: "14:00" }] },
  ],
};

// 2026-12-01 is a Tuesday.
const at = (iso: string) => new Date(iso);

describe("scheduleState in Asia/Tashkent (UTC+5, no DST)", () => {
  test("a weekday at 10:00 local is open by the morning rule", () => {
    const s = scheduleState(office, at("2026-12-01T10:00:00+05:00"), TASHKENT);
    expect(s.state).toBe("open");
    expect(s.reason).toEqual({ kind: "rule", index: 0, days: weekdays, open: "09:00", close: "13:00" });
    expect(s.local).toBe("2026-12-01 10:00 tue");
  });

  test("the zone decides, not UTC: 04:00Z is 09:00 in Tashkent (open), 03:59Z is 08:59 (closed)", () => {
    expect(scheduleState(office, at("2026-12-01T05:00:00Z"), TASHKENT).state).toBe("open");
    expect(scheduleState(office, at("2026-12-01T03:59:00Z"), TASHKENT).state).toBe("closed");
    expect(scheduleState(office, at("2026-12-01T04:00:00Z"), TASHKENT).state).toBe("open");
  });

  test("the lunch break between two rules of one day is closed", () => {
    const s = scheduleState(office, at("2026-12-01T13:30:00+05:00"), TASHKENT);
    expect(s).toEqual({ state: "closed", reason: { kind: "no_rule" }, local: "2026-12-01 13:30 tue" });
    expect(scheduleState(office, at("2026-12-01T14:00:00+05:00"), TASHKENT).reason).toMatchObject({ kind: "rule", index: 1 });
  });

  test("a close time is exclusive, an open time inclusive", () => {
    expect(scheduleState(office, at("2026-12-01T17:59:59+05:00"), TASHKENT).state).toBe("open");
    expect(scheduleState(office, at("2026-12-01T18:00:00+05:00"), TASHKENT).state).toBe("closed");
    expect(scheduleState(office, at("2026-12-01T09:00:00+05:00"), TASHKENT).state).toBe("open");
  });

  test("23:00 on a weekday is closed", () => {
    expect(scheduleState(office, at("2026-12-01T23:00:00+05:00"), TASHKENT).state).toBe("closed");
  });

  test("Sunday is closed, Saturday has its own hours", () => {
    expect(scheduleState(office, at("2026-12-06T11:00:00+05:00"), TASHKENT).state).toBe("closed");
    expect(scheduleState(office, at("2026-12-05T11:00:00+05:00"), TASHKENT).reason).toMatchObject({ kind: "rule", index: 2 });
  });

  test("a holiday without hours is closed all day, even on a weekday at 10:00", () => {
    const s = scheduleState(office, at("2027-01-01T10:00:00+05:00"), TASHKENT);
    expect(s).toEqual({ state: "closed", reason: { kind: "holiday", date: "2027-01-01", name: "New Year" }, local: "2027-01-01 10:00 fri" });
  });

  test("a holiday with hours is open only in them, whatever the weekly rules say", () => {
    expect(scheduleState(office, at("2027-03-08T11:00:00+05:00"), TASHKENT)).toMatchObject({
      state: "open",
      reason: { kind: "holiday", date: "2027-03-08", hours: { open: "10:00", close: "14:00" } },
    });
    expect(scheduleState(office, at("2027-03-08T15:00:00+05:00"), TASHKENT)).toMatchObject({ state: "closed", reason: { kind: "holiday" } });
  });

  test("a holiday is a local date: 2026-12-31T20:00Z is already New Year in Tashkent", () => {
    expect(scheduleState(office, at("2026-12-31T20:00:00Z"), TASHKENT).reason).toMatchObject({ kind: "holiday", date: "2027-01-01" });
  });
});

describe("a rule across midnight (22:00–06:00)", () => {
  const night: Schedule = { rules: [{ days: ["fri"], open: "22:00", close: "06:00" }], holidays: [] };
  test("open from 22:00 on the day it names", () => {
    expect(scheduleState(night, at("2026-12-04T22:00:00+05:00"), TASHKENT).state).toBe("open");
    expect(scheduleState(night, at("2026-12-04T21:59:00+05:00"), TASHKENT).state).toBe("closed");
  });
  test("and on past midnight into the next day, until 06:00", () => {
    expect(scheduleState(night, at("2026-12-05T03:00:00+05:00"), TASHKENT)).toMatchObject({ state: "open", reason: { kind: "rule", index: 0 } });
    expect(scheduleState(night, at("2026-12-05T06:00:00+05:00"), TASHKENT).state).toBe("closed");
  });
  test("not the early hours of the day it names (Friday 03:00 belongs to Thursday's night)", () => {
    expect(scheduleState(night, at("2026-12-04T03:00:00+05:00"), TASHKENT).state).toBe("closed");
  });
  test("Sunday night into Monday wraps the week", () => {
    const sunday: Schedule = { rules: [{ days: ["sun"], open: "22:00", close: "06:00" }], holidays: [] };
    expect(scheduleState(sunday, at("2026-12-07T05:00:00+05:00"), TASHKENT).state).toBe("open");
  });
  test("a holiday decides its whole date: the night before does not spill into it", () => {
    const nightBeforeHoliday: Schedule = { rules: [{ days: ["thu"], open: "22:00", close: "06:00" }], holidays: [{ date: "2027-01-01" }] };
    expect(scheduleState(nightBeforeHoliday, at("2027-01-01T03:00:00+05:00"), TASHKENT).state).toBe("closed");
  });
  test("a close of 24:00 is the end of the day, not an overnight rule", () => {
    const evening: Schedule = { rules: [{ days: ["tue"], open: "18:00", close: "24:00" }], holidays: [] };
    expect(scheduleState(evening, at("2026-12-01T23:59:00+05:00"), TASHKENT).state).toBe("open");
    expect(scheduleState(evening, at("2026-12-02T00:30:00+05:00"), TASHKENT).state).toBe("closed");
  });
});

describe("a zone with daylight saving uses its wall clock", () => {
  const berlin: Schedule = { rules: [{ days: weekdays, open: "09:00", close: "17:00" }], holidays: [] };
  test("09:00 in Berlin is 08:00Z in winter (CET) and 07:00Z in summer (CEST)", () => {
    // 2027-01-12 and 2027-07-13 are Tuesdays.
    expect(scheduleState(berlin, at("2027-01-12T08:00:00Z"), "Europe/Berlin").state).toBe("open");
    expect(scheduleState(berlin, at("2027-01-12T07:30:00Z"), "Europe/Berlin").state).toBe("closed");
    expect(scheduleState(berlin, at("2027-07-13T07:00:00Z"), "Europe/Berlin").state).toBe("open");
    expect(scheduleState(berlin, at("2027-07-13T06:59:00Z"), "Europe/Berlin").state).toBe("closed");
    expect(scheduleState(berlin, at("2027-07-13T15:00:00Z"), "Europe/Berlin").state).toBe("closed");
  });
  test("on the night clocks go forward (2027-03-28, 02:00 → 03:00), 03:30 local is 01:30Z", () => {
    expect(wallClock(at("2027-03-28T01:30:00Z"), "Europe/Berlin")).toEqual({ date: "2027-03-28", weekday: "sun", minute: 3 * 60 + 30 });
  });
  test("the same instant is a different day in Tashkent and Berlin", () => {
    const i = at("2026-12-01T20:30:00Z");
    expect(wallClock(i, TASHKENT)).toEqual({ date: "2026-12-02", weekday: "wed", minute: 90 });
    expect(wallClock(i, "Europe/Berlin")).toEqual({ date: "2026-12-01", weekday: "tue", minute: 21 * 60 + 30 });
  });
});

describe("hours and zones that may be stored", () => {
  test("validHours refuses empty spans, malformed times, and overnight holiday hours", () => {
    expect(validHours({ open: "09:00", close: "18:00" }, false)).toBe(true);
    expect(validHours({ open: "22:00", close: "06:00" }, true)).toBe(true);
    expect(validHours({ open: "22:00", close: "06:00" }, false)).toBe(false);
    expect(validHours({ open: "09:00", close: "09:00" }, true)).toBe(false);
    expect(validHours({ open: "00:00", close: "24:00" }, false)).toBe(true);
    expect(validHours({ open: "24:00", close: "06:00" }, true)).toBe(false);
    expect(validHours({ open: "9:00", close: "18:00" }, true)).toBe(false);
  });
  test("isTimeZone knows IANA names and refuses anything else", () => {
    expect(isTimeZone("Asia/Tashkent")).toBe(true);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("following time conditions", () => {
  const tc = (name: string, open: TimeConditionRow["open"], closed: TimeConditionRow["closed"], enabled = true): TimeConditionRow => ({
    name,
    schedule: office,
    open,
    closed,
    enabled,
  });
  const rows = new Map<string, TimeConditionRow>([
    ["business-hours", tc("business-hours", { type: "ring_group", target: "sales" }, { type: "time_condition", target: "night" })],
    ["night", tc("night", { type: "extension", target: "1002" }, { type: "extension", target: "1001" })],
    ["loop-a", tc("loop-a", { type: "time_condition", target: "loop-b" }, { type: "time_condition", target: "loop-b" })],
    ["loop-b", tc("loop-b", { type: "time_condition", target: "loop-a" }, { type: "time_condition", target: "loop-a" })],
  ]);
  const lookup = (n: string) => rows.get(n);

  test("open goes to the open destination", () => {
    const r = followTimeConditions("business-hours", lookup, at("2026-12-01T10:00:00+05:00"), TASHKENT);
    expect(r.end).toEqual({ type: "ring_group", target: "sales" });
    expect(r.steps.map((s) => [s.timeCondition, s.state])).toEqual([["business-hours", "open"]]);
  });
  test("closed goes through another time condition to its destination", () => {
    const r = followTimeConditions("business-hours", lookup, at("2026-12-01T23:00:00+05:00"), TASHKENT);
    expect(r.end).toEqual({ type: "extension", target: "1001" });
    expect(r.steps.map((s) => [s.timeCondition, s.state])).toEqual([["business-hours", "closed"], ["night", "closed"]]);
  });
  test("a loop written behind the API's back stops with a problem instead of spinning", () => {
    const r = followTimeConditions("loop-a", lookup, at("2026-12-01T23:00:00+05:00"), TASHKENT);
    expect(r.end).toBeUndefined();
    expect(r.problem).toContain("loop");
  });
  test("a missing condition is a problem", () => {
    expect(followTimeConditions("gone", lookup, at("2026-12-01T23:00:00+05:00"), TASHKENT).problem).toContain("missing");
  });
  test("timeConditionLoop finds a chain that comes back round, through either destination", () => {
    const of = (n: string) => {
      const r = rows.get(n);
      return r ? [r.open, r.closed] : undefined;
    };
    expect(timeConditionLoop("night", [{ type: "time_condition", target: "business-hours" }], of)).toEqual(["night", "business-hours", "night"]);
    expect(timeConditionLoop("new", [{ type: "time_condition", target: "night" }], of)).toBeUndefined();
  });
});
