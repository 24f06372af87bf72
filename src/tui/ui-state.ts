import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import type { Action } from "./keymap.ts";
import type { SortSpec } from "./store.ts";
import { VIEWS, VIEW_ORDER, viewByAlias } from "./views/all-views.ts";
import { nextAgentStatus, type AgentStatus } from "./views/queues-view.ts";
import type { AgentTarget, CallTarget, TransferLeg, ViewId } from "./views/view-def.ts";

export type Mode =
  | { kind: "table" }
  | { kind: "details"; key: string }
  | { kind: "help" }
  | { kind: "filter"; draft: string }
  | { kind: "command"; draft: string }
  | { kind: "confirm-hangup"; target: CallTarget }
  | { kind: "transfer"; target: CallTarget; leg: TransferLeg; draft: string; error?: string }
  | { kind: "listen"; target: CallTarget; draft: string; error?: string };

export type UiState = {
  view: ViewId;
  mode: Mode;
  filters: Record<ViewId, string>;
  sorts: Record<ViewId, SortSpec>;
  /** Selection by row key, so a row keeps its highlight while others come and go. */
  cursor: Record<ViewId, { index: number; key?: string }>;
  /** Asked once for `l`, then remembered until quit. */
  listenExtension?: string;
  /** Why mutating keys are off: --readonly, a viewer token (from whoami, or the API's first 403). */
  readonly?: string;
  message?: { text: string; tone: "info" | "error" };
  quit: boolean;
};

/** What the app must do outside the state: the only way keys reach the network. */
export type Effect =
  | { kind: "hangup"; target: CallTarget }
  | { kind: "record"; target: CallTarget; action: "start" | "stop" }
  | { kind: "transfer"; target: CallTarget; leg: TransferLeg; to: string }
  | { kind: "listen"; target: CallTarget; extension: string }
  | { kind: "agent-status"; agent: string; status: AgentStatus }
  | { kind: "load-cdrs" }
  | { kind: "load-queues" }
  | { kind: "load-dids" }
  | { kind: "load-trace"; number: string };

export type UiEvent =
  | { type: "key"; action: Action }
  | { type: "result"; ok: boolean; text: string; forbidden?: boolean }
  | { type: "role"; role: "admin" | "viewer"; name: string };

/** The rows on screen as the reducer needs them. */
export type UiContext = { rowCount: number; index: number; keyAt(i: number): string | undefined; target?: CallTarget; agent?: AgentTarget; pageSize: number };

export function initialUiState(readonly?: string): UiState {
  const perView = <T>(f: (v: ViewId) => T) => Object.fromEntries(VIEW_ORDER.map((v) => [v, f(v)])) as Record<ViewId, T>;
  return {
    view: "channels",
    mode: { kind: "table" },
    filters: perView(() => ""),
    sorts: perView((v) => ({ ...VIEWS[v].defaultSort })),
    cursor: perView(() => ({ index: 0 })),
    readonly,
    quit: false,
  };
}

type Step = { state: UiState; effect?: Effect };

const ACTION_NAMES = { hangup: "hang up", record: "recording", transfer: "transfer", listen: "listen in" } as const;

function switchView(s: UiState, view: ViewId): Step {
  const state = { ...s, view, mode: { kind: "table" } as Mode, message: undefined };
  if (view === "cdrs") return { state, effect: { kind: "load-cdrs" } };
  if (view === "dids") return { state, effect: { kind: "load-dids" } };
  return view === "queues" ? { state, effect: { kind: "load-queues" } } : { state };
}

function move(s: UiState, ctx: UiContext, to: number): Step {
  const index = Math.max(0, Math.min(ctx.rowCount - 1, to));
  return { state: { ...s, cursor: { ...s.cursor, [s.view]: { index, key: ctx.keyAt(index) } } } };
}

function mutate(s: UiState, ctx: UiContext, type: keyof typeof ACTION_NAMES): Step {
  const name = ACTION_NAMES[type];
  if (s.readonly) return { state: { ...s, message: { text: `read-only (${s.readonly}): ${name} is disabled`, tone: "error" } } };
  const target = ctx.target;
  if (!target) return { state: { ...s, message: { text: `${name}: select a channel or a call first`, tone: "error" } } };
  switch (type) {
    case "hangup":
      return { state: { ...s, mode: { kind: "confirm-hangup", target }, message: undefined } };
    case "record":
      return { state: { ...s, message: undefined }, effect: { kind: "record", target, action: target.recording ? "stop" : "start" } };
    case "transfer":
      if (!target.transfer) return { state: { ...s, message: { text: `transfer: the customer of ${target.label} is not on the line`, tone: "error" } } };
      return { state: { ...s, mode: { kind: "transfer", target, leg: target.transfer, draft: "" }, message: undefined } };
    case "listen":
      if (s.listenExtension) return { state: { ...s, message: undefined }, effect: { kind: "listen", target, extension: s.listenExtension } };
      return { state: { ...s, mode: { kind: "listen", target, draft: "" }, message: undefined } };
  }
}

/** `s` moves the selected agent on to the next status; FreeSWITCH's answer comes back through the live stream. */
function agentStatus(s: UiState, ctx: UiContext): Step {
  if (s.readonly) return { state: { ...s, message: { text: `read-only (${s.readonly}): agent status is disabled`, tone: "error" } } };
  const agent = ctx.agent;
  if (!agent) return { state: { ...s, message: { text: "agent status: select an agent in :queues first", tone: "error" } } };
  return { state: { ...s, message: undefined }, effect: { kind: "agent-status", agent: agent.name, status: nextAgentStatus(agent.status) } };
}

function submit(s: UiState): Step {
  const m = s.mode;
  const back = { ...s, mode: { kind: "table" } as Mode };
  switch (m.kind) {
    case "filter":
      return { state: { ...back, filters: { ...s.filters, [s.view]: m.draft }, cursor: { ...s.cursor, [s.view]: { index: 0 } } } };
    case "command": {
      const cmd = m.draft.trim().replace(/^:/, "");
      if (cmd === "q" || cmd === "quit" || cmd === "q!") return { state: { ...back, quit: true } };
      const view = viewByAlias(cmd);
      if (view) return switchView(s, view);
      return { state: { ...back, message: { text: `unknown command ":${cmd}" (try :channels :calls :regs :gateways :cdrs :queues :dids :quit)`, tone: "error" } } };
    }
    case "transfer": {
      const to = m.draft.trim();
      // Transfers reach extensions only (the API's `transfer` context never reaches a gateway).
      if (!EXTENSION_NUMBER.test(to)) return { state: { ...s, mode: { ...m, error: "an extension: 2 to 6 digits" } } };
      return { state: back, effect: { kind: "transfer", target: m.target, leg: m.leg, to } };
    }
    case "listen": {
      const ext = m.draft.trim();
      if (!EXTENSION_NUMBER.test(ext)) return { state: { ...s, mode: { ...m, error: "an extension: 2 to 6 digits" } } };
      return { state: { ...back, listenExtension: ext }, effect: { kind: "listen", target: m.target, extension: ext } };
    }
    default:
      return { state: s };
  }
}

/** The filter applies while it is typed, as in k9s. */
function editDraft(s: UiState, edit: (draft: string) => string): Step {
  const m = s.mode;
  if (m.kind === "filter") {
    const draft = edit(m.draft);
    return { state: { ...s, mode: { ...m, draft }, filters: { ...s.filters, [s.view]: draft }, cursor: { ...s.cursor, [s.view]: { index: 0 } } } };
  }
  if (m.kind === "command") return { state: { ...s, mode: { ...m, draft: edit(m.draft) } } };
  if (m.kind === "transfer" || m.kind === "listen") return { state: { ...s, mode: { ...m, draft: edit(m.draft), error: undefined } } };
  return { state: s };
}

const MUTATING_MODES = new Set<Mode["kind"]>(["confirm-hangup", "transfer", "listen"]);

/** A viewer token turns the mutating keys off up front, and closes a prompt opened before the answer came. */
function learnRole(s: UiState, role: "admin" | "viewer", name: string): UiState {
  if (role !== "viewer") return s;
  const mode: Mode = MUTATING_MODES.has(s.mode.kind) ? { kind: "table" } : s.mode;
  return { ...s, mode, readonly: s.readonly ?? `viewer token "${name}"` };
}

export function reduceUi(s: UiState, event: UiEvent, ctx: UiContext): Step {
  if (event.type === "role") return { state: learnRole(s, event.role, event.name) };
  if (event.type === "result") {
    const readonly = event.forbidden ? (s.readonly ?? "viewer token") : s.readonly;
    return { state: { ...s, readonly, message: { text: event.text, tone: event.ok ? "info" : "error" } } };
  }
  const a = event.action;
  switch (a.type) {
    case "up":
      return move(s, ctx, ctx.index - 1);
    case "down":
      return move(s, ctx, ctx.index + 1);
    case "pageUp":
      return move(s, ctx, ctx.index - ctx.pageSize);
    case "pageDown":
      return move(s, ctx, ctx.index + ctx.pageSize);
    case "top":
      return move(s, ctx, 0);
    case "bottom":
      return move(s, ctx, ctx.rowCount - 1);
    case "view":
      return switchView(s, a.view);
    case "filter":
      return { state: { ...s, mode: { kind: "filter", draft: "" }, filters: { ...s.filters, [s.view]: "" }, message: undefined } };
    case "command":
      return { state: { ...s, mode: { kind: "command", draft: "" }, message: undefined } };
    case "details": {
      const key = ctx.keyAt(ctx.index);
      if (!key) return { state: s };
      // A DID's details are its trace now, asked for each time it is opened.
      return { state: { ...s, mode: { kind: "details", key } }, effect: s.view === "dids" ? { kind: "load-trace", number: key } : undefined };
    }
    case "help":
      return { state: { ...s, mode: s.mode.kind === "help" ? { kind: "table" } : { kind: "help" } } };
    case "back":
      if (s.mode.kind !== "table") return { state: { ...s, mode: { kind: "table" } } };
      return { state: { ...s, filters: { ...s.filters, [s.view]: "" }, message: undefined } };
    case "sort": {
      const column = VIEWS[s.view].columns.find((c) => c.sortLetter === a.letter);
      if (!column) return { state: { ...s, message: { text: `no column sorts by ${a.letter} here (see ?)`, tone: "error" } } };
      const cur = s.sorts[s.view];
      const sort = cur.letter === a.letter ? { letter: a.letter, desc: !cur.desc } : { letter: a.letter, desc: false };
      return { state: { ...s, sorts: { ...s.sorts, [s.view]: sort } } };
    }
    case "hangup":
    case "record":
    case "transfer":
    case "listen":
      return mutate(s, ctx, a.type);
    case "agentStatus":
      return agentStatus(s, ctx);
    case "yes":
      if (s.mode.kind !== "confirm-hangup") return { state: s };
      return { state: { ...s, mode: { kind: "table" } }, effect: { kind: "hangup", target: s.mode.target } };
    case "no":
      return { state: { ...s, mode: { kind: "table" }, message: { text: "hang up cancelled", tone: "info" } } };
    case "cancel":
      if (s.mode.kind === "filter") return { state: { ...s, mode: { kind: "table" }, filters: { ...s.filters, [s.view]: "" } } };
      return { state: { ...s, mode: { kind: "table" } } };
    case "submit":
      return submit(s);
    case "type":
      return editDraft(s, (d) => d + a.text);
    case "erase":
      return editDraft(s, (d) => [...d].slice(0, -1).join(""));
    case "clearLine":
      return editDraft(s, () => "");
    case "quit":
      return { state: { ...s, quit: true } };
  }
}
