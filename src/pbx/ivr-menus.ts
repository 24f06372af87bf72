/**
 * IVR menus: a greeting, then the caller's digits choose where the call
 * goes. FreeSWITCH's `ivr` application plays and collects (ivr.conf,
 * src/xmlcurl/render-ivr.ts); every choice, and the fallback after too many
 * wrong or missing choices, comes back to callboard as a transfer into
 * context `ivr` with destination `<menu>/<key>`, and is routed here against
 * the menu as stored now. Destinations are extensions, ring groups, queues,
 * other menus or a hang-up: never a gateway, so a DID may point at a menu.
 */
import { EXTENSION_NUMBER } from "./safe-values.ts";

export const IVR_MENU_NAME = /^[a-z0-9_-]{1,32}$/;
/** What a caller keys for an option: digits and `*`; `#` ends the input in FreeSWITCH's menus. */
export const IVR_DIGITS = /^[0-9*]{1,6}$/;
/** An uploaded sound (src/pbx/wav-format.ts) by name. */
export const IVR_SOUND_NAME = /^[a-z0-9_-]{1,64}$/;
/** A file under FreeSWITCH's own sounds directory: `en/us/callie/ivr/8000/ivr-welcome.wav`; no `..`, nothing absolute. */
export const IVR_SOUND_FILE = /^(?:[a-z0-9_-][a-z0-9_.-]*\/)*[a-z0-9_-][a-z0-9_.-]*\.wav$/;
export const isSoundRef = (s: string) => IVR_SOUND_NAME.test(s) || (IVR_SOUND_FILE.test(s) && !s.split("/").includes(".."));

export const IVR_DESTINATION_TYPES = ["extension", "ring_group", "queue", "ivr", "time_condition", "hangup"] as const;
export type IvrDestinationType = (typeof IVR_DESTINATION_TYPES)[number];
/** An extension number, a ring group's or menu's name, or (hangup) the cause. */
export type IvrDestination = { type: IvrDestinationType; target: string };

/** The key a menu's fallback travels under in context `ivr`: never a caller's digits. */
export const FALLBACK_KEY = "fallback";
/** Context `ivr`'s destinations: `main/2`, `main/1001`, `main/fallback`. */
const IVR_DESTINATION = /^([a-z0-9_-]{1,32})\/([0-9*]{1,6}|fallback)$/;

export type IvrOption = { digits: string; destination: IvrDestination };

/** A menu as the routing and the renderer read it. */
export type IvrMenuRow = {
  name: string;
  greeting: string;
  /** Played instead of the greeting on every repeat, after a wrong or missing choice. */
  greetingShort: string | null;
  invalidSound: string | null;
  exitSound: string | null;
  options: readonly IvrOption[];
  /** Whether a caller may key an extension's number instead of an option. */
  directDial: boolean;
  /** How long FreeSWITCH waits for the first digit. */
  timeoutSeconds: number;
  /** Wrong choices, and separately silences, before the fallback. */
  maxFailures: number;
  fallback: IvrDestination;
  enabled: boolean;
};

export type IvrLookup = {
  ivrMenu(name: string): IvrMenuRow | undefined;
  extension(number: string): { enabled: boolean } | undefined;
};

/** Where a key pressed in a menu goes, and how it was decided, for the answer's log line. */
export type IvrChoice =
  | { ok: true; menu: string; key: string; via: "option" | "direct dial" | "fallback"; destination: IvrDestination }
  | { ok: false; reason: string };

export function parseIvrDestination(destination: string): { menu: string; key: string } | undefined {
  const m = IVR_DESTINATION.exec(destination);
  return m ? { menu: m[1]!, key: m[2]! } : undefined;
}

/** The transfer a menu's entry runs: back into callboard's dialplan, context `ivr`. */
export const ivrTransfer = (menu: string, key: string) => `transfer ${menu}/${key} XML ivr`;

/**
 * An option wins over direct dial; a number no option has is an extension
 * only when the menu allows direct dial and the extension is enabled.
 */
export function chooseIvrDestination(destination: string, rows: IvrLookup): IvrChoice {
  const parsed = parseIvrDestination(destination);
  if (!parsed) return { ok: false, reason: "not a menu choice (<menu>/<digits>)" };
  const { menu: name, key } = parsed;
  const menu = rows.ivrMenu(name);
  if (!menu?.enabled) return { ok: false, reason: `IVR menu ${name} is missing or disabled` };
  if (key === FALLBACK_KEY) return { ok: true, menu: name, key, via: "fallback", destination: menu.fallback };
  const option = menu.options.find((o) => o.digits === key);
  if (option) return { ok: true, menu: name, key, via: "option", destination: option.destination };
  if (menu.directDial && EXTENSION_NUMBER.test(key) && rows.extension(key)?.enabled) {
    return { ok: true, menu: name, key, via: "direct dial", destination: { type: "extension", target: key } };
  }
  return { ok: false, reason: `IVR menu ${name} has no option ${key}${menu.directDial ? " and no enabled extension has that number" : ""}` };
}

/** The menus a menu sends calls to, by its options and its fallback. */
export const menusReachedFrom = (menu: Pick<IvrMenuRow, "options" | "fallback">): string[] => [
  ...new Set([...menu.options.map((o) => o.destination), menu.fallback].filter((d) => d.type === "ivr").map((d) => d.target)),
];

/**
 * A path from `start` (as about to be written, reaching `next`) back to a
 * menu already on it: `["main", "sales", "main"]`; undefined when the menus
 * reached never lead back. `reachedFrom` answers for the other menus as
 * stored. A menu may not lead back to itself either: a caller would go round
 * a menu's fallback forever without pressing anything.
 */
export function ivrMenuLoop(start: string, next: readonly string[], reachedFrom: (name: string) => readonly string[] | undefined): string[] | undefined {
  const onPath = [start];
  const done = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    if (onPath.includes(name)) return [...onPath, name];
    if (done.has(name)) return undefined;
    onPath.push(name);
    for (const m of reachedFrom(name) ?? []) {
      const loop = visit(m);
      if (loop) return loop;
    }
    onPath.pop();
    done.add(name);
    return undefined;
  };
  for (const m of next) {
    const loop = visit(m);
    if (loop) return loop;
  }
  return undefined;
}
