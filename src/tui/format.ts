/** Text shaping for table cells: durations, direction marks and terminal widths. */

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  if (h === 0) return `${m}:${ss}`;
  return `${h}:${String(m).padStart(2, "0")}:${ss}`;
}

/** FreeSWITCH uptime: days appear once it has run a day. */
export function formatUptime(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = formatDuration(ms % 86_400_000);
  return days > 0 ? `${days}d ${rest.length < 7 ? `0:${rest.padStart(5, "0")}` : rest}` : rest;
}

export function formatClock(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** ← into the PBX, → out of it, ↔ between two phones. */
export function directionMark(direction: string): string {
  if (direction === "inbound") return "←";
  if (direction === "outbound") return "→";
  return "↔";
}

// East Asian wide and emoji ranges take two cells; marks take none.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;
const ZERO = /[\p{M}\u200B-\u200F\uFE00-\uFE0F]/u;

export function charWidth(ch: string): number {
  if (ZERO.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Exactly `width` cells: cut with an ellipsis when too long, padded with spaces otherwise. */
export function fitCell(text: string, width: number, align: "left" | "right" = "left"): string {
  if (width <= 0) return "";
  const clean = text.replace(/[\x00-\x1f\x7f]/g, " ");
  let w = textWidth(clean);
  let out = clean;
  if (w > width) {
    out = "";
    w = 0;
    for (const ch of clean) {
      const cw = charWidth(ch);
      if (w + cw > width - 1) break;
      out += ch;
      w += cw;
    }
    out += "…";
    w += 1;
  }
  const pad = " ".repeat(Math.max(0, width - w));
  return align === "right" ? pad + out : out + pad;
}
