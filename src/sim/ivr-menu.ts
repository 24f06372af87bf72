/**
 * An IVR menu as switch_ivr_menu_stack_xml_build reads it from ivr.conf,
 * and which of its entries the digits a caller keyed match
 * (switch_ivr_menu_execute): a literal `digits` matches exactly, one
 * between slashes is a regex whose captures fill `$1` in the entry's
 * param, and every entry that matches runs, in the order they were given.
 */
import { attr, children, configurationOf } from "./xml-answers.ts";

export type MenuEntry = { action: string; digits: string; param: string };

export type IvrMenu = {
  name: string;
  greetLong: string;
  greetShort?: string;
  invalidSound?: string;
  exitSound?: string;
  /** Milliseconds for the first digit (10 s when unset), then between digits. */
  timeoutMs: number;
  interDigitMs: number;
  maxFailures: number;
  maxTimeouts: number;
  execOnMaxFailures?: string;
  execOnMaxTimeouts?: string;
  /** How many digits the menu collects before it looks: digit-len, or the longest literal entry. */
  inputLength: number;
  entries: MenuEntry[];
};

const optional = (value: string) => (value === "" ? undefined : value);
const count = (value: string) => {
  const n = Number.parseInt(value, 10);
  return n > 0 ? n : 3;
};

/** The menu named `name` in an ivr.conf answer; a string says why there is none, in FreeSWITCH's words. */
export function ivrMenuOf(xml: string, name: string): IvrMenu | string {
  const conf = configurationOf(xml, "ivr.conf");
  if (!conf) return "Open of ivr.conf failed";
  const menus = children(conf, "menus")[0];
  if (!menus) return "No menus configured";
  const menu = children(menus, "menu").find((m) => attr(m, "name") === name);
  if (!menu) return "Unable to find menu";
  const entries = children(menu, "entry").map((e) => ({ action: attr(e, "action"), digits: attr(e, "digits"), param: attr(e, "param") }));
  const timeoutMs = Number.parseInt(attr(menu, "timeout"), 10) > 0 ? Number.parseInt(attr(menu, "timeout"), 10) : 10_000;
  const literal = entries.filter((e) => !e.digits.startsWith("/")).map((e) => e.digits.length);
  const m: IvrMenu = {
    name,
    greetLong: attr(menu, "greet-long"),
    timeoutMs,
    interDigitMs: Number.parseInt(attr(menu, "inter-digit-timeout"), 10) || timeoutMs / 2,
    maxFailures: count(attr(menu, "max-failures")),
    maxTimeouts: count(attr(menu, "max-timeouts")),
    inputLength: Math.max(Number.parseInt(attr(menu, "digit-len"), 10) || 0, ...literal),
    entries,
  };
  const extras = {
    greetShort: optional(attr(menu, "greet-short")),
    invalidSound: optional(attr(menu, "invalid-sound")),
    exitSound: optional(attr(menu, "exit-sound")),
    execOnMaxFailures: optional(attr(menu, "exec-on-max-failures")),
    execOnMaxTimeouts: optional(attr(menu, "exec-on-max-timeouts")),
  };
  for (const [key, value] of Object.entries(extras)) if (value !== undefined) Object.assign(m, { [key]: value });
  return m;
}

function regexOf(digits: string): RegExp | undefined {
  const body = digits.endsWith("/") && digits.length > 1 ? digits.slice(1, -1) : digits.slice(1);
  try {
    return new RegExp(body);
  } catch {
    return undefined;
  }
}

/** The entries `keyed` runs, each with its param after `$n` substitution. */
export function matchingEntries(menu: IvrMenu, keyed: string): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const entry of menu.entries) {
    if (!entry.digits.startsWith("/")) {
      if (entry.digits === keyed) out.push(entry);
      continue;
    }
    const match = regexOf(entry.digits)?.exec(keyed);
    if (match) out.push({ ...entry, param: entry.param.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? "") });
  }
  return out;
}
