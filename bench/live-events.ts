/**
 * Events per second parsed into the live state: a captured FreeSWITCH
 * session (event json ALL during the Cyrillic call, registrations and the
 * gateway failure) replayed in a loop, printed as a ratio against a baseline
 * measured in the same run: JSON.parse of the same event bodies, the least
 * any consumer of `event json` must do.
 *
 *   bun bench/live-events.ts            # BENCH_SECONDS=2 per measurement by default
 *
 * Measured:
 * - baseline:  JSON.parse of every event body in the session;
 * - reducer:   the typed events (what the adapter delivers) through reduceLive;
 * - store:     the same through createLiveStore with one subscriber (seq stamping, fan-out);
 * - pipeline:  frames → decodeJsonEvent → asTypedEvent → reduceLive, all events of the session.
 *
 * Each pass starts from a fresh state, because a replayed call reuses the
 * same uuids and the reducer rightly ignores a leg it has already seen end.
 */
import { asTypedEvent, decodeEventFrame } from "../src/esl/decode-event.ts";
import { createLiveStore } from "../src/esl/live-store.ts";
import { emptyLiveState, reduceLive } from "../src/esl/live-state.ts";
import type { EslConnectionStatus, EslEvent, EslPort } from "../src/esl/port.ts";
import { createLogger } from "../src/log.ts";
import { transcriptFrames } from "../test/support/esl-transcript.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const NOW = 1_795_344_400_000;

const frames = transcriptFrames("json-ALL-registration-and-call-cyrillic").filter((f) => f.headers["Content-Type"] === "text/event-json");
const bodies = frames.map((f) => f.body.toString("utf8"));
const typed = frames.flatMap((f) => {
  const decoded = decodeEventFrame(f);
  return decoded ? (asTypedEvent(decoded) ?? []) : [];
});

/**
 * Runs `pass` (which handles `perPass` events) for SECONDS in three rounds;
 * events per second of the best round, so a neighbour's CPU burst on a
 * shared machine does not decide the number.
 */
function measure(perPass: number, pass: () => void): number {
  for (let i = 0; i < 50; i++) pass();
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let events = 0;
    const start = performance.now();
    const end = start + (SECONDS * 1000) / 3;
    while (performance.now() < end) {
      for (let i = 0; i < 10; i++) pass();
      events += perPass * 10;
    }
    best = Math.max(best, events / ((performance.now() - start) / 1000));
  }
  return best;
}

let sink = 0;
const baseline = measure(bodies.length, () => {
  for (const b of bodies) sink += (JSON.parse(b) as object) ? 1 : 0;
});

const reducer = measure(typed.length, () => {
  let state = emptyLiveState("connected");
  for (const e of typed) state = reduceLive(state, e, NOW).state;
  sink += state.channels.size;
});

function storeFeed() {
  const listeners = new Set<(e: EslEvent) => void>();
  const port: EslPort = {
    api: async () => ({ ok: false, kind: "disconnected", message: "bench" }),
    bgapi: async () => ({ ok: false, kind: "disconnected", message: "bench" }),
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    onStatus: (_l: (s: EslConnectionStatus) => void) => () => {},
    status: () => "disconnected",
    close() {},
  };
  return { port, emit: (e: EslEvent) => listeners.forEach((l) => l(e)) };
}
const log = createLogger("silent");
const store = measure(typed.length, () => {
  const feed = storeFeed();
  const s = createLiveStore({ esl: feed.port, log, now: () => NOW });
  s.subscribe((c) => (sink += c.seq));
  for (const e of typed) feed.emit(e);
  s.stop();
});

const pipeline = measure(frames.length, () => {
  let state = emptyLiveState("connected");
  for (const f of frames) {
    const decoded = decodeEventFrame(f);
    const event = decoded && asTypedEvent(decoded);
    if (event) state = reduceLive(state, event, NOW).state;
  }
  sink += state.registrations.size;
});

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
const ratio = (n: number) => `${(n / baseline).toFixed(2)}× baseline`;
console.log(`live-events: ${frames.length} events in the session, ${typed.length} of them typed (what the store sees)`);
console.log(`  baseline  JSON.parse of event bodies      ${fmt(baseline)} events/s`);
console.log(`  reducer   typed events → reduceLive       ${fmt(reducer)} events/s  ${ratio(reducer)}`);
console.log(`  store     typed events → store + 1 sub    ${fmt(store)} events/s  ${ratio(store)}`);
console.log(`  pipeline  frame → decode → reduceLive     ${fmt(pipeline)} events/s  ${ratio(pipeline)}`);
if (sink === -1) console.log("unreachable");
