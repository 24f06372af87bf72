/** The `callHandling` part of an extension over REST: forwards, do-not-disturb, ring time. */
import { z } from "@hono/zod-openapi";
import { callHandlingOf, FORWARD_TYPES, RING_SECONDS_MAX, RING_SECONDS_MIN, type CallHandling, type CallHandlingColumns } from "../../pbx/call-handling.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "../../pbx/safe-values.ts";
import { TIME_CONDITION_NAME } from "../../pbx/time-conditions.ts";

const TARGET_RULES = {
  extension: [EXTENSION_NUMBER, "an extension number, 2-6 digits"],
  voicemail: [EXTENSION_NUMBER, "the box's extension number, 2-6 digits"],
  number: [PHONE_NUMBER, "digits with an optional leading +, at most 20"],
  time_condition: [TIME_CONDITION_NAME, "a time condition's name, 1-32 of a-z 0-9 _ -"],
} as const;

export const zForward = z
  .strictObject({
    type: z.enum(FORWARD_TYPES).openapi({ description: "extension, number (out through a route this extension's class allows), voicemail or time_condition" }),
    target: z.string().max(32),
  })
  .superRefine((f, ctx) => {
    const [pattern, what] = TARGET_RULES[f.type];
    if (!pattern.test(f.target)) ctx.addIssue({ code: "custom", path: ["target"], message: `must be ${what}` });
  })
  .openapi("Forward", { example: { type: "number", target: "998901234567" } });

const ringSeconds = z
  .number()
  .int()
  .min(RING_SECONDS_MIN)
  .max(RING_SECONDS_MAX)
  .nullable()
  .openapi({ description: `seconds the phones ring before no-answer handling (${RING_SECONDS_MIN}-${RING_SECONDS_MAX}); null: CALLBOARD_RING_TIMEOUT` });

const fields = {
  dnd: z.boolean().openapi({ description: "do not disturb: calls go to the busy forward, else the no-answer forward, else busy" }),
  ringSeconds,
  forwardAlways: zForward.nullable().openapi({ description: "every call goes here; the phones do not ring" }),
  forwardBusy: zForward.nullable().openapi({ description: "where a call goes when the phone is busy or declines it" }),
  forwardNoAnswer: zForward.nullable().openapi({ description: "where a call goes when nobody answers in time or no phone is registered" }),
};

export const zCallHandling = z.object(fields).openapi("CallHandling");

/** Only the parts given change; null clears a forward. */
export const zCallHandlingPatch = z
  .strictObject({
    dnd: fields.dnd.optional(),
    ringSeconds: fields.ringSeconds.optional(),
    forwardAlways: fields.forwardAlways.optional(),
    forwardBusy: fields.forwardBusy.optional(),
    forwardNoAnswer: fields.forwardNoAnswer.optional(),
  })
  .openapi("CallHandlingPatch", { example: { forwardBusy: { type: "extension", target: "1002" }, ringSeconds: 20 } });

/** On create (and in the PBX file) the whole handling, each part defaulting to nothing special. */
export const zCallHandlingInput = z
  .strictObject({
    dnd: fields.dnd.default(false),
    ringSeconds: fields.ringSeconds.default(null),
    forwardAlways: fields.forwardAlways.default(null),
    forwardBusy: fields.forwardBusy.default(null),
    forwardNoAnswer: fields.forwardNoAnswer.default(null),
  })
  .prefault({})
  .openapi("CallHandlingInput");

export const toCallHandlingView = (row: CallHandlingColumns): CallHandling => callHandlingOf(row);
