/**
 * IVR menus as FreeSWITCH runs them: the dialplan answers `answer` and
 * `ivr <menu>`; the ivr application then asks for ivr.conf with the menu's
 * name (mod_dptools sends `Menu-Name`) and builds the menu from the
 * <menu> of that name (switch_ivr_menu_stack_xml_build). Every entry and
 * the fallback transfer the call back into callboard's context `ivr`
 * (src/pbx/ivr-menus.ts), so where a key goes is decided by the routing,
 * never written into ivr.conf.
 */
import { create } from "xmlbuilder2";
import { FALLBACK_KEY, IVR_DIGITS, IVR_MENU_NAME, IVR_SOUND_FILE, IVR_SOUND_NAME, type IvrMenuRow, ivrTransfer } from "../pbx/ivr-menus.ts";
import type { IvrTarget } from "../pbx/route-call.ts";
import { isSafeDir } from "../pbx/safe-values.ts";
import type { Action } from "./dialplan-document.ts";
import type { Rendered } from "./render-directory.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { must, UnsafeValue } from "./unsafe-value.ts";

/** How long FreeSWITCH waits between two digits of a longer choice (an extension's number). */
const INTER_DIGIT_MS = 2000;
/** The longest number direct dial lets a caller key: EXTENSION_NUMBER's 6 digits. */
const DIRECT_DIAL_DIGITS = 6;

/**
 * The path FreeSWITCH plays: an uploaded sound's file, or a file under
 * FreeSWITCH's own sounds directory, through the `sounds_dir` global it
 * expands when it plays (one `$`: the XML preprocessor, which runs `$${…}`,
 * leaves it alone).
 */
export function soundPath(ref: string, soundsDir: string): string {
  if (IVR_SOUND_NAME.test(ref)) {
    must(isSafeDir(soundsDir), "sounds directory");
    return `${soundsDir.replace(/\/+$/, "")}/${ref}.wav`;
  }
  must(IVR_SOUND_FILE.test(ref) && !ref.split("/").includes(".."), "sound file");
  return `\${sounds_dir}/${ref}`;
}

/**
 * Direct dial: any 2 to 6 digits not already an option's (PCRE lookahead:
 * FreeSWITCH runs every entry that matches, so an option like `10` must not
 * also be a number).
 */
function directDialPattern(options: readonly string[]): string {
  const numeric = options.filter((d) => /^\d{2,}$/.test(d));
  const except = numeric.length > 0 ? `(?!(?:${numeric.join("|")})$)` : "";
  return `/^${except}(\\d{2,${DIRECT_DIAL_DIGITS}})$/`;
}

/** The menu's attributes and entries, every value checked again: a row forced into the database refuses the menu. */
function menuElement(menu: IvrMenuRow, soundsDir: string) {
  must(IVR_MENU_NAME.test(menu.name), "menu name");
  must(Number.isInteger(menu.timeoutSeconds) && menu.timeoutSeconds >= 1 && menu.timeoutSeconds <= 60, "timeout");
  must(Number.isInteger(menu.maxFailures) && menu.maxFailures >= 1 && menu.maxFailures <= 10, "max failures");
  const digits = menu.options.map((o) => o.digits);
  for (const d of digits) must(IVR_DIGITS.test(d), "option digits");
  const longest = Math.max(1, ...digits.map((d) => d.length), menu.directDial ? DIRECT_DIAL_DIGITS : 0);
  const fallback = ivrTransfer(menu.name, FALLBACK_KEY);
  const attrs: Record<string, string> = {
    name: menu.name,
    "greet-long": soundPath(menu.greeting, soundsDir),
    "greet-short": soundPath(menu.greetingShort ?? menu.greeting, soundsDir),
    ...(menu.invalidSound ? { "invalid-sound": soundPath(menu.invalidSound, soundsDir) } : {}),
    ...(menu.exitSound ? { "exit-sound": soundPath(menu.exitSound, soundsDir) } : {}),
    timeout: String(menu.timeoutSeconds * 1000),
    "inter-digit-timeout": String(INTER_DIGIT_MS),
    // FreeSWITCH counts wrong keys and silences apart; either reaching the limit ends in the fallback.
    "max-failures": String(menu.maxFailures),
    "max-timeouts": String(menu.maxFailures),
    "exec-on-max-failures": fallback,
    "exec-on-max-timeouts": fallback,
    "digit-len": String(longest),
  };
  const entries = menu.options.map((o) => ({ action: "menu-exec-app", digits: o.digits, param: ivrTransfer(menu.name, o.digits) }));
  if (menu.directDial) entries.push({ action: "menu-exec-app", digits: directDialPattern(digits), param: ivrTransfer(menu.name, "$1") });
  return { attrs, entries };
}

/**
 * ivr.conf holding the one menu FreeSWITCH asked for, or not-found when it
 * is missing or disabled (the ivr application then logs "Unable to find
 * menu" and the dialplan's next action hangs up).
 */
export function renderIvrConf(menu: IvrMenuRow | undefined, soundsDir: string): Rendered {
  if (!menu?.enabled) return { xml: NOT_FOUND_XML, problems: [] };
  let built: ReturnType<typeof menuElement>;
  try {
    built = menuElement(menu, soundsDir);
  } catch (err) {
    if (!(err instanceof UnsafeValue)) throw err;
    return { xml: NOT_FOUND_XML, problems: [`unsafe ${err.message} in IVR menu: menu refused`] };
  }
  const m = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "configuration" })
    .ele("configuration", { name: "ivr.conf", description: "IVR menus from callboard" })
    .ele("menus")
    .ele("menu", built.attrs);
  for (const e of built.entries) m.ele("entry", e);
  return { xml: m.doc().end({ headless: true }), problems: [] };
}

/** The dialplan's part: answer, record when the DID records, run the menu; a menu that returns (no fallback taken) hangs up. */
export function ivrActions(t: IvrTarget, recordActions: Action[]): Action[] {
  must(IVR_MENU_NAME.test(t.menu), "menu name");
  return [["answer"], ...recordActions, ["sleep", "250"], ["ivr", t.menu], ["hangup", "NORMAL_CLEARING"]];
}
