import { z } from "@hono/zod-openapi";
import { storedSchedule } from "../../db/time-conditions.ts";
import type { TimeCondition } from "../../db/schema.ts";
import { CALENDAR_DATE, CLOCK_TIME, CLOSE_TIME, TIME_CONDITION_DESTINATION_TYPES, validHours, WEEKDAYS } from "../../pbx/time-conditions.ts";
import { zDestinationUnion, zTimeConditionKey } from "../destinations.ts";
import { isoTime } from "../crud-support.ts";
import { zPageOf } from "../pagination.ts";

export const zTimeConditionName = zTimeConditionKey.meta({ example: "business-hours", description: "the condition's key in URLs, DIDs and other conditions" });

const openTime = z.string().regex(CLOCK_TIME, "must be HH:MM, 00:00 to 23:59").openapi({ example: "09:00" });
const closeTime = z.string().regex(CLOSE_TIME, "must be HH:MM, 00:00 to 24:00").openapi({ example: "18:00" });

const zWeeklyRule = z
  .strictObject({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, "must not list a day twice")
      .openapi({ example: ["mon", "tue", "wed", "thu", "fri"] }),
    open: openTime,
    close: closeTime,
  })
  .refine((r) => validHours(r, true), { message: "open and close must differ; a close at or before the open runs past midnight", path: ["close"] })
  .openapi("WeeklyRule", {
    description: "open on these days from `open` until `close` (PBX time zone); a close at or before the open (22:00–06:00) runs into the next day",
  });

const zHours = z
  .strictObject({ open: openTime, close: closeTime })
  .refine((h) => validHours(h, false), { message: "must close after it opens, within the day", path: ["close"] });

const zHoliday = z
  .strictObject({
    date: z.string().regex(CALENDAR_DATE, "must be YYYY-MM-DD").openapi({ example: "2027-01-01" }),
    name: z.string().regex(/^[\p{L}\p{M}\p{N} .'’_()-]{1,64}$/u, "must be 1-64 letters, digits, spaces or . ' _ ( ) -").optional().openapi({ example: "New Year" }),
    hours: z.array(zHours).max(8).optional().openapi({ description: "open only in these hours on this date; absent: closed all day" }),
  })
  .openapi("Holiday");

export const zSchedule = z
  .strictObject({
    rules: z.array(zWeeklyRule).max(64).openapi({ description: "several rules may share a day (a lunch break is two rules)" }),
    holidays: z
      .array(zHoliday)
      .max(366)
      .default([])
      .refine((h) => new Set(h.map((x) => x.date)).size === h.length, "must not list a date twice"),
  })
  .openapi("Schedule", {
    example: {
      rules: [
        { days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "13:00" },
        { days: ["mon", "tue", "wed", "thu", "fri"], open: "14:00", close: "18:00" },
      ],
      holidays: [{ date: "2027-01-01", name: "New Year" }],
    },
  });

/** Where a call goes while the schedule is open, or closed: never a gateway. */
export const zTimeConditionDestination = zDestinationUnion(TIME_CONDITION_DESTINATION_TYPES, {
  component: "TimeConditionDestination",
  description: "an extension, a ring group, another time condition (no loops), or hang up with a cause",
  example: { type: "extension", target: "1001" },
  hangup: "NORMAL_CLEARING",
  targets: {
    extension: { example: "1001" },
    ring_group: { example: "sales" },
    time_condition: { example: "business-hours", description: "the condition's key in URLs, DIDs and other conditions" },
  },
});

const editable = {
  schedule: zSchedule,
  open: zTimeConditionDestination,
  closed: zTimeConditionDestination,
  enabled: z.boolean().openapi({ description: "a disabled condition is unknown: its DIDs get UNALLOCATED_NUMBER" }),
};

export const zTimeConditionCreate = z
  .strictObject({ name: zTimeConditionName, ...editable, enabled: editable.enabled.default(true) })
  .openapi("TimeConditionCreate");

export const zTimeConditionPatch = z
  .strictObject({
    schedule: editable.schedule.optional(),
    open: editable.open.optional(),
    closed: editable.closed.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("TimeConditionPatch");

export const zTimeCondition = z
  .object({
    name: zTimeConditionName,
    ...editable,
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("TimeCondition");

export const zTimeConditionPage = zPageOf(zTimeCondition, "TimeConditionPage");
export const zTimeConditionParam = z.object({ name: zTimeConditionName });

export type TimeConditionCreate = z.infer<typeof zTimeConditionCreate>;
export type TimeConditionPatch = z.infer<typeof zTimeConditionPatch>;
export type TimeConditionView = z.infer<typeof zTimeCondition>;

export function toTimeConditionView(row: TimeCondition): TimeConditionView {
  return {
    name: row.name,
    // A schedule written behind the API's back that cannot be read shows empty; the routing treats its condition as missing.
    schedule: (storedSchedule(row) ?? { rules: [], holidays: [] }) as TimeConditionView["schedule"],
    open: { type: row.openType, target: row.openTarget } as TimeConditionView["open"],
    closed: { type: row.closedType, target: row.closedTarget } as TimeConditionView["closed"],
    enabled: row.enabled,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}
