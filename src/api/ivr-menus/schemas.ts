import { z } from "@hono/zod-openapi";
import type { IvrMenuRecord } from "../../db/ivr-menus.ts";
import { IVR_DESTINATION_TYPES, IVR_DIGITS, isSoundRef } from "../../pbx/ivr-menus.ts";
import { isoTime } from "../crud-support.ts";
import { zDestinationUnion, zIvrMenuName } from "../destinations.ts";
import { zPageOf } from "../pagination.ts";

const name = zIvrMenuName.meta({ example: "main", description: "the menu's key in URLs, DIDs and other menus' options" });

const zSoundRef = z
  .string()
  .refine(isSoundRef, "must be an uploaded sound's name (a-z 0-9 _ -) or a .wav file under FreeSWITCH's sounds dir such as en/us/callie/ivr/8000/ivr-welcome.wav")
  .openapi({ example: "welcome" });

/** Where a choice (or no choice) sends the call: never a gateway. */
export const zIvrDestination = zDestinationUnion(IVR_DESTINATION_TYPES, {
  component: "IvrDestination",
  description: "an extension, a ring group, a queue, another menu (no loops), a time condition (open or closed decided when the caller chooses), or hang up with a cause",
  example: { type: "ring_group", target: "sales" },
  hangup: "NORMAL_CLEARING",
  targets: {
    extension: { example: "1001" },
    ring_group: { example: "sales" },
    queue: { example: "support" },
    ivr: { example: "billing" },
    time_condition: { example: "business-hours" },
  },
});

const zOption = z
  .strictObject({
    digits: z.string().regex(IVR_DIGITS, "must be 1-6 of 0-9 and *").openapi({ example: "2" }),
    destination: zIvrDestination,
  })
  .openapi("IvrOption");

const options = z
  .array(zOption)
  .max(20)
  .refine((list) => new Set(list.map((o) => o.digits)).size === list.length, "must not list the same digits twice")
  .openapi({ example: [{ digits: "1", destination: { type: "extension", target: "1001" } }, { digits: "2", destination: { type: "ring_group", target: "sales" } }] });

const sound = (description: string) => zSoundRef.nullable().meta({ description });

const editable = {
  greeting: zSoundRef.openapi({ description: "played when the menu starts: an uploaded sound's name, or a .wav under FreeSWITCH's sounds dir" }),
  greetingShort: sound("played instead of the greeting on each repeat, after a wrong key or silence (FreeSWITCH has no separate timeout prompt); default: the greeting"),
  invalidSound: sound("played after a key no option has"),
  exitSound: sound("played when the menu gives up without a fallback"),
  options,
  directDial: z.boolean().openapi({ description: "callers may key an extension's number (2-6 digits) instead of an option" }),
  timeoutSeconds: z.number().int().min(1).max(60).openapi({ description: "how long the menu waits for the first key after the greeting" }),
  maxFailures: z.number().int().min(1).max(10).openapi({ description: "wrong keys, or silences, before the fallback" }),
  fallback: zIvrDestination,
  enabled: z.boolean().openapi({ description: "a disabled menu is unknown: its DIDs get UNALLOCATED_NUMBER" }),
};

export const zIvrMenuCreate = z
  .strictObject({
    name,
    greeting: editable.greeting,
    greetingShort: editable.greetingShort.optional(),
    invalidSound: editable.invalidSound.optional(),
    exitSound: editable.exitSound.optional(),
    options: editable.options.default([]),
    directDial: editable.directDial.default(false),
    timeoutSeconds: editable.timeoutSeconds.default(5),
    maxFailures: editable.maxFailures.default(3),
    fallback: editable.fallback.default({ type: "hangup", target: "NORMAL_CLEARING" }),
    enabled: editable.enabled.default(true),
  })
  .openapi("IvrMenuCreate");

export const zIvrMenuPatch = z
  .strictObject({
    greeting: editable.greeting.optional(),
    greetingShort: editable.greetingShort.optional(),
    invalidSound: editable.invalidSound.optional(),
    exitSound: editable.exitSound.optional(),
    options: editable.options.optional(),
    directDial: editable.directDial.optional(),
    timeoutSeconds: editable.timeoutSeconds.optional(),
    maxFailures: editable.maxFailures.optional(),
    fallback: editable.fallback.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("IvrMenuPatch");

export const zIvrMenu = z
  .object({
    name,
    ...editable,
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("IvrMenu");

export const zIvrMenuPage = zPageOf(zIvrMenu, "IvrMenuPage");
export const zIvrMenuParam = z.object({ name });

export type IvrMenuCreate = z.infer<typeof zIvrMenuCreate>;
export type IvrMenuPatch = z.infer<typeof zIvrMenuPatch>;
export type IvrMenuView = z.infer<typeof zIvrMenu>;

export function toIvrMenuView({ menu, options }: IvrMenuRecord): IvrMenuView {
  return {
    name: menu.name,
    greeting: menu.greeting,
    greetingShort: menu.greetingShort,
    invalidSound: menu.invalidSound,
    exitSound: menu.exitSound,
    options: options as IvrMenuView["options"],
    directDial: menu.directDial,
    timeoutSeconds: menu.timeoutSeconds,
    maxFailures: menu.maxFailures,
    fallback: { type: menu.fallbackType, target: menu.fallbackTarget } as IvrMenuView["fallback"],
    enabled: menu.enabled,
    createdAt: isoTime(menu.createdAt),
    updatedAt: isoTime(menu.updatedAt),
  };
}
