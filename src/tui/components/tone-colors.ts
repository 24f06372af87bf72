import type { Tone } from "../views/view-def.ts";

export const TONE_COLOR: Record<Tone, string> = {
  ringing: "yellow",
  answered: "green",
  held: "cyan",
  recording: "red",
  up: "green",
  down: "red",
  warn: "yellow",
  dim: "gray",
};
