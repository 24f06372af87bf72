import { VIEW_ORDER, VIEWS } from "./views/all-views.ts";
import type { ViewId } from "./views/view-def.ts";

/** Where the keyboard is: each binding says in which of these it works. */
export type KeyContext = "table" | "details" | "help" | "confirm" | "input";

export type Action =
  | { type: "up" | "down" | "pageUp" | "pageDown" | "top" | "bottom" }
  | { type: "filter" | "command" | "back" | "details" | "help" | "quit" }
  | { type: "hangup" | "record" | "transfer" | "listen" | "agentStatus" }
  | { type: "view"; view: ViewId }
  | { type: "sort"; letter: string }
  | { type: "yes" | "no" | "submit" | "cancel" | "erase" | "clearLine" }
  | { type: "type"; text: string };

/** The parts of Ink's `Key` the bindings look at. */
export type KeyPress = {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
};

export type Binding = {
  /** As shown in `?` help. */
  keys: string;
  help: string;
  contexts: KeyContext[];
  /** Changes a call: disabled by --readonly and by viewer tokens. */
  mutating?: boolean;
  match(input: string, key: KeyPress): Action | undefined;
};

const plain = (key: KeyPress) => !key.ctrl && !key.meta;
const on = (chars: string[], action: Action) => (input: string, key: KeyPress) =>
  plain(key) && chars.includes(input) ? action : undefined;
const BROWSE: KeyContext[] = ["table", "details", "help"];
const ACT: KeyContext[] = ["table", "details"];

/** Every key of `callboard top`, in the order `?` lists them. */
export const KEYMAP: Binding[] = [
  { keys: "↑ k", help: "select previous row", contexts: ["table"], match: (i, k) => (k.upArrow || on(["k"], { type: "up" })(i, k) ? { type: "up" } : undefined) },
  { keys: "↓ j", help: "select next row", contexts: ["table"], match: (i, k) => (k.downArrow || on(["j"], { type: "down" })(i, k) ? { type: "down" } : undefined) },
  { keys: "pgup pgdn", help: "page up / down", contexts: ["table"], match: (_, k) => (k.pageUp ? { type: "pageUp" } : k.pageDown ? { type: "pageDown" } : undefined) },
  { keys: "home end", help: "first / last row", contexts: ["table"], match: (_, k) => (k.home ? { type: "top" } : k.end ? { type: "bottom" } : undefined) },
  {
    keys: VIEW_ORDER.map((v) => VIEWS[v].hotkey).join(" "),
    help: VIEW_ORDER.map((v) => `${VIEWS[v].hotkey} ${v}`).join(", "),
    contexts: BROWSE,
    match: (i, k) => {
      const view = VIEW_ORDER.find((v) => VIEWS[v].hotkey === i);
      return view && plain(k) ? { type: "view", view } : undefined;
    },
  },
  { keys: ":", help: "command: :channels :calls :regs :gateways :cdrs :queues :dids :quit", contexts: BROWSE, match: on([":"], { type: "command" }) },
  { keys: "/", help: "filter rows by regex; a leading ! keeps the rows that do not match", contexts: ["table"], match: on(["/"], { type: "filter" }) },
  { keys: "enter", help: "details of the selected row; on a DID, its trace now", contexts: ["table"], match: (_, k) => (k.return ? { type: "details" } : undefined) },
  { keys: "esc", help: "back: close details or help, clear the filter", contexts: BROWSE, match: (_, k) => (k.escape ? { type: "back" } : undefined) },
  {
    keys: "shift+letter",
    help: "sort by the column with that letter; again to reverse",
    contexts: ["table"],
    match: (i, k) => (plain(k) && /^[A-Z]$/.test(i) ? { type: "sort", letter: i } : undefined),
  },
  { keys: "ctrl-d", help: "hang up the selected call (asks y/n)", contexts: ACT, mutating: true, match: (i, k) => (k.ctrl && i === "d" ? { type: "hangup" } : undefined) },
  { keys: "r", help: "start / stop recording the selected call", contexts: ACT, mutating: true, match: on(["r"], { type: "record" }) },
  { keys: "t", help: "transfer the selected call to an extension", contexts: ACT, mutating: true, match: on(["t"], { type: "transfer" }) },
  { keys: "l", help: "listen in from my extension (asked once)", contexts: ACT, mutating: true, match: on(["l"], { type: "listen" }) },
  { keys: "s", help: "queues: next status for the agent (Available, On Break, Logged Out)", contexts: ACT, mutating: true, match: on(["s"], { type: "agentStatus" }) },
  { keys: "?", help: "this help", contexts: BROWSE, match: on(["?"], { type: "help" }) },
  { keys: "q ctrl-c", help: "quit", contexts: BROWSE, match: (i, k) => (on(["q"], { type: "quit" })(i, k) ?? (k.ctrl && i === "c" ? { type: "quit" } : undefined)) },
  { keys: "y", help: "confirm", contexts: ["confirm"], match: on(["y", "Y"], { type: "yes" }) },
  { keys: "n esc", help: "cancel", contexts: ["confirm"], match: (i, k) => (k.escape || on(["n", "N"], { type: "no" })(i, k) ? { type: "no" } : undefined) },
  { keys: "enter", help: "apply", contexts: ["input"], match: (_, k) => (k.return ? { type: "submit" } : undefined) },
  { keys: "esc", help: "cancel", contexts: ["input"], match: (_, k) => (k.escape ? { type: "cancel" } : undefined) },
  { keys: "backspace", help: "erase", contexts: ["input"], match: (_, k) => (k.backspace || k.delete ? { type: "erase" } : undefined) },
  { keys: "ctrl-u", help: "clear the line", contexts: ["input"], match: (i, k) => (k.ctrl && i === "u" ? { type: "clearLine" } : undefined) },
  { keys: "ctrl-c", help: "quit", contexts: ["confirm", "input"], match: (i, k) => (k.ctrl && i === "c" ? { type: "quit" } : undefined) },
  {
    keys: "text",
    help: "typed into the prompt",
    contexts: ["input"],
    match: (i, k) => (plain(k) && i !== "" && !/[\x00-\x1f\x7f]/.test(i) ? { type: "type", text: i } : undefined),
  },
];

/**
 * Ink hands over several keys at once when they arrive in one read (a paste,
 * tmux send-keys, a fast typist over SSH); split them so each is one key.
 */
export function splitKeys(input: string, key: KeyPress): Array<[string, KeyPress]> {
  if (input.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((ch): [string, KeyPress] => {
    if (ch === "\r" || ch === "\n") return ["", { return: true }];
    if (ch === "\x7f") return ["", { delete: true }];
    if (ch === "\b") return ["", { backspace: true }];
    const code = ch.charCodeAt(0);
    if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ctrl: true }];
    return [ch, {}];
  });
}

export type KeyHit = { action: Action; binding: Binding };

export function resolveKey(context: KeyContext, input: string, key: KeyPress): KeyHit | undefined {
  for (const binding of KEYMAP) {
    if (!binding.contexts.includes(context)) continue;
    const action = binding.match(input, key);
    if (action) return { action, binding };
  }
  return undefined;
}

/** The `?` page for one view: the bindings, then that view's sort letters. */
export function helpRows(view: ViewId): Array<[keys: string, help: string, mutating: boolean]> {
  const rows = KEYMAP.filter((b) => b.contexts.some((c) => c === "table" || c === "details")).map(
    (b): [string, string, boolean] => [b.keys, b.help, Boolean(b.mutating)],
  );
  const sorts = VIEWS[view].columns
    .filter((c) => c.sortLetter)
    .map((c) => `${c.sortLetter} ${c.title.toLowerCase()}`)
    .join(", ");
  rows.push(["", `sort letters in ${view}: ${sorts}`, false]);
  return rows;
}
