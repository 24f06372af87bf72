/**
 * `callboard top` with 10 000 channels and 200 events/s: frame time and CPU,
 * printed as ratios against baselines measured in the same run (an empty
 * table, and 10 000 channels with no events).
 *
 * Frame time: one whole frame drawn synchronously from the store (React
 * render, layout, text output; filter and sort included whenever the data
 * changed), timed with `renderToString` at 80×24 after each coalesced flush.
 * CPU: the live app (Ink writing to a fake terminal at its real frame cap)
 * fed by a 200 events/s producer for a few seconds, as a share of one core.
 *
 *   bun bench/tui-frame.ts                       # React development build
 *   NODE_ENV=production bun bench/tui-frame.ts   # what a packaged build runs
 */
import { EventEmitter } from "node:events";
import { render, renderToString } from "ink";
import { createElement } from "react";
import { App, type TuiActions } from "../src/tui/app.tsx";
import { sampleCall, sampleChannel, sampleSnapshot } from "../test/support/sample-state.ts";
import { createTuiStore, type TuiStore } from "../src/tui/store.ts";

const CHANNELS = 10_000;
const EVENTS_PER_SECOND = 200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FLUSH_MS = 100;

const noop = async () => ({ ok: true as const });
const actions: TuiActions = { hangup: noop, setRecording: noop, transfer: noop, listen: noop, setAgentStatus: noop, refreshCdrs: () => {}, refreshQueues: () => {}, refreshDids: () => {}, traceDid: () => {} };

type Scenario = { name: string; channels: number; eventsPerSecond: number };

/** Changes that keep the channel count level: state flips, new channels, ended channels. */
function producer(store: TuiStore, start: number, channels: number) {
  let seq = 2;
  let next = channels + 1;
  let oldest = 1;
  return () => {
    const now = Date.now();
    const r = seq % 4;
    if (r === 0 || r === 1) {
      const n = oldest + ((seq * 7919) % Math.max(1, next - oldest));
      const ch = sampleChannel(n, start, { state: r === 0 ? "answered" : "ringing", held: seq % 9 === 0, recording: seq % 5 === 0 });
      store.apply({ type: "change", seq: seq++, kind: "channel", op: "upsert", key: ch.uuid, value: ch });
    } else if (r === 2) {
      const ch = sampleChannel(next++, now);
      store.apply({ type: "change", seq: seq++, kind: "channel", op: "upsert", key: ch.uuid, value: ch });
      store.apply({ type: "change", seq: seq++, kind: "call", op: "upsert", key: ch.callId, value: sampleCall(ch) });
    } else {
      const ch = sampleChannel(oldest++, start);
      store.apply({ type: "change", seq: seq++, kind: "channel", op: "remove", key: ch.uuid });
      store.apply({ type: "change", seq: seq++, kind: "call", op: "remove", key: ch.callId });
    }
  };
}

function seeded(channels: number) {
  const start = Date.now();
  const store = createTuiStore({ flushIntervalMs: FLUSH_MS });
  store.setConnection({ state: "connected" });
  store.apply({ type: "snapshot", ...sampleSnapshot(start, channels) });
  store.flush();
  return { store, start };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** Frame time: feed events for SECONDS, draw one frame after every flush; also time the filtered, sorted rows alone. */
function frameTimes(sc: Scenario): { frames: number[]; rows: number[] } {
  const { store, start } = seeded(sc.channels);
  const produce = producer(store, start, sc.channels);
  const element = createElement(App, { store, actions, url: "http://127.0.0.1:8080" });
  const times: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < 20; i++) renderToString(element, { columns: 80 });
  const frames = (SECONDS * 1000) / FLUSH_MS;
  const perFrame = (sc.eventsPerSecond * FLUSH_MS) / 1000;
  for (let f = 0; f < frames; f++) {
    for (let e = 0; e < perFrame; e++) produce();
    store.flush();
    const t0 = performance.now();
    renderToString(element, { columns: 80 });
    times.push(performance.now() - t0);
    store.flush();
    const r0 = performance.now();
    store.rows({ view: "channels", filter: "ring|held", sort: { letter: "C", desc: false } });
    rows.push(performance.now() - r0);
  }
  store.dispose();
  return { frames: times, rows };
}

class FakeTerminal extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  bytes = 0;
  write = (s: string) => {
    this.bytes += Buffer.byteLength(s);
    return true;
  };
}
class FakeKeyboard extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

/** CPU: the live app on a fake 120×40 terminal for SECONDS at the real event rate. */
async function cpuShare(sc: Scenario): Promise<{ cpu: number; bytesPerSecond: number; frames: number }> {
  const { store, start } = seeded(sc.channels);
  const produce = producer(store, start, sc.channels);
  const stdout = new FakeTerminal();
  let frames = 0;
  const ink = render(createElement(App, { store, actions, url: "http://127.0.0.1:8080" }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new FakeKeyboard() as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 20,
    onRender: () => void frames++,
  });
  await new Promise((r) => setTimeout(r, 300));
  const tick = 1000 / Math.max(1, sc.eventsPerSecond);
  const feeder = sc.eventsPerSecond > 0 ? setInterval(() => { for (let i = 0; i < Math.max(1, Math.round(10 / tick)); i++) produce(); }, Math.max(10, tick)) : undefined;
  frames = 0;
  stdout.bytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const used = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  if (feeder) clearInterval(feeder);
  ink.unmount();
  store.dispose();
  return { cpu: (used.user + used.system) / 1000 / wall, bytesPerSecond: stdout.bytes / (wall / 1000), frames };
}

const scenarios: Scenario[] = [
  { name: "baseline: empty table, no events", channels: 0, eventsPerSecond: 0 },
  { name: "10 000 channels, no events", channels: CHANNELS, eventsPerSecond: 0 },
  { name: "10 000 channels, 200 events/s", channels: CHANNELS, eventsPerSecond: EVENTS_PER_SECOND },
];

console.log(`callboard top frame bench — React ${process.env.NODE_ENV === "production" ? "production" : "development"} build, ${SECONDS}s per scenario\n`);
const results: Array<{ sc: Scenario; p50: number; p99: number; rows: number; cpu: number; bps: number; frames: number }> = [];
frameTimes(scenarios[1]!); // warm the JIT so the baseline is not charged for it
for (const sc of scenarios) {
  const t = frameTimes(sc);
  const { cpu, bytesPerSecond, frames } = await cpuShare(sc);
  results.push({ sc, p50: pct(t.frames, 50), p99: pct(t.frames, 99), rows: pct(t.rows, 50), cpu, bps: bytesPerSecond, frames });
}
const base = results[0]!;
const idle = results[1]!;
const fmt = (n: number, d = 2) => n.toFixed(d);
console.log("scenario                            frame p50    p99  ×base | filter+sort p50 | CPU (1 core)  ×base ×idle-10k | frames/s  KB/s out");
for (const r of results) {
  console.log(
    `${r.sc.name.padEnd(34)} ${fmt(r.p50).padStart(7)}ms ${fmt(r.p99).padStart(6)}ms ${fmt(r.p50 / base.p50, 1).padStart(5)} | ${fmt(r.rows).padStart(13)}ms | ${fmt(r.cpu * 100, 1).padStart(11)}% ${fmt(r.cpu / Math.max(base.cpu, 1e-4), 1).padStart(6)} ${fmt(r.cpu / Math.max(idle.cpu, 1e-4), 1).padStart(9)} | ${fmt(r.frames / SECONDS, 1).padStart(8)} ${fmt(r.bps / 1024, 1).padStart(9)}`,
  );
}
process.exit(0);
