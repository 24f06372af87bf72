import { render } from "ink-testing-library";
import { createElement } from "react";
import type { LiveSnapshot } from "../src/tui/api-types.ts";
import { App, type ActionResult, type TuiActions } from "../src/tui/app.tsx";
import { sampleSnapshot } from "./support/sample-state.ts";
import { createTuiStore } from "../src/tui/store.ts";

export const T0 = Date.UTC(2025, 5, 1, 9, 30, 0);

export const KEY = { up: "\u001B[A", down: "\u001B[B", enter: "\r", esc: "\u001B", ctrlD: "\u0004", backspace: "\u007F" };

/** The dashboard on a fake terminal, fed a snapshot, with actions that record what they were asked. */
export function renderDashboard(
  opts: {
    snapshot?: LiveSnapshot;
    readonly?: string;
    /** What whoami answers; "unknown" is callboard failing to say. */
    role?: "admin" | "viewer" | "unknown";
    answer?: (call: string) => ActionResult;
    /** What GET /api/v1/queues says about which agents take each queue's calls. */
    tiers?: Map<string, string[]>;
  } = {},
) {
  const clock = { now: T0 };
  const store = createTuiStore({ now: () => clock.now });
  const calls: string[] = [];
  const answer = async (call: string) => {
    calls.push(call);
    return opts.answer?.(call) ?? { ok: true as const };
  };
  const actions: TuiActions = {
    hangup: (id) => answer(`hangup ${id}`),
    setRecording: (id, a) => answer(`record ${a} ${id}`),
    transfer: (id, to) => answer(`transfer ${id} ${to}`),
    listen: (id, ext) => answer(`listen ${id} ${ext}`),
    setAgentStatus: (agent, status) => answer(`agent-status ${agent} ${status}`),
    refreshCdrs: () => {
      calls.push("cdrs");
    },
    refreshQueues: () => {
      calls.push("queues");
      if (opts.tiers) store.setQueueTiers(opts.tiers);
    },
    refreshDids: () => {
      calls.push("dids");
    },
    traceDid: (number) => {
      calls.push(`trace ${number}`);
    },
    whoami: async () => {
      const role = opts.role ?? "admin";
      return role === "unknown" ? { ok: false, status: 0, message: "callboard unreachable" } : { ok: true, name: role === "viewer" ? "wallboard" : "ops", role };
    },
  };
  store.setConnection({ state: "connected" });
  store.apply({ type: "snapshot", ...(opts.snapshot ?? sampleSnapshot(T0)) });
  store.flush();
  const ui = render(createElement(App, { store, actions, url: "http://127.0.0.1:8080", readonly: opts.readonly, now: () => clock.now }));
  const frame = () => ui.lastFrame() ?? "";
  /** Polls the latest frame until it satisfies `ok`; fails with the frame after a deadline. */
  const waitFor = async (ok: (f: string) => boolean, what = "frame") => {
    const deadline = Date.now() + 3000;
    while (!ok(frame())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return frame();
  };
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const resize = (columns: number) => {
    Object.defineProperty(ui.stdout, "columns", { value: columns, configurable: true });
    ui.stdout.emit("resize");
  };
  return { ...ui, store, calls, clock, frame, waitFor, press, resize };
}
