import type { Channel } from "../api-types.ts";

/** How one dashboard view turns rows of one kind into a table, a filter text and a details page. */

/** Colours are chosen by meaning; the components map a tone to a terminal colour. */
export type Tone = "ringing" | "answered" | "held" | "recording" | "up" | "down" | "warn" | "dim";

export type Column<R> = {
  title: string;
  /** Upper-case letter that sorts by this column (shift+letter); it appears in the title. */
  sortLetter?: string;
  /** Narrowest useful width in cells. */
  width: number;
  /** Share of the spare width this column takes. */
  grow?: number;
  /** 1 is always shown; larger numbers are dropped first on narrow terminals. */
  priority: number;
  align?: "left" | "right";
  text(row: R, now: number): string;
  sortValue?(row: R): string | number;
  tone?(row: R, now: number): Tone | undefined;
};

/** The leg `t` moves, and the number of the party on it, so the prompt can say whom it moves. */
export type TransferLeg = { uuid: string; party: string };

/** What the mutating keys act on; each view picks the leg for each key. */
export type CallTarget = {
  /** Hang-up and listen-in act on this leg. */
  uuid: string;
  /** "caller → callee", shown in the confirmation and the results. */
  label: string;
  recording: boolean;
  /** The leg `r` starts or stops recording on. */
  recordUuid: string;
  /** Absent when an outbound call's gateway leg is gone: moving the agent instead would be wrong. */
  transfer?: TransferLeg;
};

/** An agent as `s` sees it: the status it moves on from. */
export type AgentTarget = { name: string; status: string };

/** Finds a live channel by uuid, so a calls-view row can name its legs. */
export type ChannelLookup = (uuid: string) => Channel | undefined;

export type ViewId = "channels" | "calls" | "regs" | "gateways" | "cdrs" | "queues" | "dids";

export type ViewDef<R> = {
  id: ViewId;
  /** Number key that jumps to the view. */
  hotkey: string;
  /** Names accepted after `:`. */
  aliases: string[];
  columns: Column<R>[];
  key(row: R): string;
  /** What `/` matches against: every identifying field, joined. */
  searchText(row: R): string;
  details(row: R, now: number): Array<[label: string, value: string]>;
  /** The legs the mutating keys act on, when the row is part of a call. */
  target?(row: R, channel: ChannelLookup): CallTarget;
  /** The queue agent a row stands for, so `s` can change that agent's status. */
  agent?(row: R): AgentTarget | undefined;
  defaultSort: { letter: string; desc: boolean };
};

export const orDash = (s: string | undefined | null) => (s === undefined || s === null || s === "" ? "-" : s);

export const numberAndName = (num: string, name: string) =>
  name && name !== num ? `${num} ${name}` : num;
