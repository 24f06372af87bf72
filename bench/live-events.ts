/**
 * Events per second from bytes on a socket to the live state: a local
 * server plays the captured `event json ALL` session (the Cyrillic call,
 * registrations, the gateway failure: 118 events, 43 of them ones callboard
 * subscribes to) in a loop into the real client → decoder → live store, and
 * the same bytes from the same server into a bare socket that only counts
 * them. The ratio to that raw read, measured in the same run, is the figure
 * that survives a slower or busier machine.
 *
 *   bun bench/live-events.ts            # BENCH_PASSES=300 session replays per measurement, median of 5 rounds
 *
 * Each round measures three readers of the same bytes: the bare socket; the
 * client alone (every subscribed event decoded and delivered, none read),
 * which is what src/esl/ owns; and the whole way into the live store.
 *
 * Each pass gives the call's two legs fresh uuids (a random first group, same
 * length, so every Content-Length holds): the store rightly ignores events
 * for a leg it has seen end, so a replay of the same uuids would measure that
 * shortcut, and uuids that differ only at the end would make every
 * comparison with a remembered one slower than real ones do.
 */
import { randomUUID } from "node:crypto";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { createEslClient } from "../src/esl/esl-client.ts";
import { createLiveStore } from "../src/esl/live-store.ts";
import { createLogger } from "../src/log.ts";
import { CommandReader } from "../src/sim/command-reader.ts";
import { apiReply, frameBytes, transcriptBytes, transcriptEvents, transcriptFrames } from "../test/support/esl-transcript.ts";

const PASSES = Number(process.env.BENCH_PASSES ?? 300);
const ROUNDS = 5;
const SESSION = "json-ALL-registration-and-call-cyrillic";

const frames = transcriptFrames(SESSION);
const bytes = transcriptBytes(SESSION);
let offset = 0;
const eventBytes: Buffer[] = [];
for (const frame of frames) {
  if (frame.headers["Content-Type"] === "text/event-json") eventBytes.push(bytes.subarray(offset, offset + frame.size));
  offset += frame.size;
}
const unit = Buffer.concat(eventBytes);
const typed = transcriptEvents(SESSION);
const legs = typed.filter((e) => e.name === "CHANNEL_CREATE").map((e) => e.headers["Unique-ID"]!);
const legOffsets = legs.flatMap((uuid) => {
  const at: number[] = [];
  for (let i = unit.indexOf(uuid); i >= 0; i = unit.indexOf(uuid, i + 1)) at.push(i);
  return at;
});

/** Two copies written in turn: after `drain` the kernel has the older one, so it can be patched again. */
const copies = [Buffer.from(unit), Buffer.from(unit)];
function pass(n: number): Buffer {
  const copy = copies[n % 2]!;
  const group = randomUUID().slice(0, 8);
  for (const at of legOffsets) copy.write(group, at, "latin1");
  return copy;
}

const RESYNC: Record<string, string> = {
  status: apiReply("api_status"),
  "show channels as json": apiReply("api_show_channels_json_idle"),
  "show calls as json": apiReply("api_show_channels_json_idle"),
  "show registrations as json": apiReply("api_show_registrations_json"),
  "sofia status": apiReply("api_sofia_status"),
  "sofia xmlstatus gateway belluz": apiReply("api_sofia_xmlstatus_gateway_belluz"),
};

/**
 * A FreeSWITCH that greets, accepts any auth and subscription, answers the
 * resync, and streams when told. It runs in a worker thread, as FreeSWITCH
 * runs in a process of its own: its writes are not charged to the client.
 */
function serve(): void {
  let client: Socket | undefined;
  const server = createServer((socket) => {
    client = socket;
    const reader = new CommandReader(1 << 20);
    socket.write(frameBytes("greeting_auth_request"));
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      for (const { line } of reader.push(chunk).commands) {
        if (!line.startsWith("api ")) socket.write("Content-Type: command/reply\nReply-Text: +OK\n\n");
        else {
          const body = Buffer.from(RESYNC[line.slice(4)] ?? "-ERR no\n");
          socket.write(`Content-Type: api/response\nContent-Length: ${body.length}\n\n`);
          socket.write(body);
        }
      }
    });
  });
  server.listen(0, "127.0.0.1", () => parentPort!.postMessage((server.address() as { port: number }).port));
  parentPort!.on("message", async (passes: number) => {
    const socket = client!;
    for (let n = 0; n < passes; n++) {
      if (!socket.write(pass(n))) await new Promise((resolve) => socket.once("drain", resolve));
    }
  });
}

async function startServer() {
  const worker = new Worker(fileURLToPath(import.meta.url));
  const port = await new Promise<number>((resolve) => worker.once("message", resolve));
  return {
    port,
    stream: (passes: number) => worker.postMessage(passes),
    close: () => void worker.terminate(),
  };
}

/** Events per second a bare socket reads. */
async function rawRead(): Promise<number> {
  const server = await startServer();
  const socket = connect(server.port, "127.0.0.1");
  let received = 0;
  const total = PASSES * unit.length;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  socket.on("data", (chunk: Buffer) => (received += chunk.length) >= total && done());
  await new Promise((resolve) => socket.once("data", resolve)); // the greeting
  received = 0;
  const start = performance.now();
  server.stream(PASSES);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  socket.destroy();
  server.close();
  return (PASSES * eventBytes.length) / seconds;
}

/** Events per second the client decodes, and with `withStore` takes into the live store. */
async function pipeline(withStore: boolean): Promise<number> {
  const server = await startServer();
  const log = createLogger("silent");
  const esl = createEslClient({ host: "127.0.0.1", port: server.port, password: "bench", log });
  const store = createLiveStore({ esl: withStore ? esl : { ...esl, onEvent: () => () => {} }, log });
  let sink = 0;
  store.subscribe((change) => (sink += change.seq));
  while (esl.status() !== "connected") await Bun.sleep(5);
  await Bun.sleep(0);
  await store.settled();
  let applied = 0;
  const total = PASSES * typed.length;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  esl.onEvent(() => ++applied === total && done());
  const start = performance.now();
  server.stream(PASSES);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  if (withStore && (store.snapshot().registrations.length === 0 || sink === 0)) throw new Error("the events did not reach the live state");
  store.stop();
  esl.close();
  server.close();
  return (PASSES * eventBytes.length) / seconds;
}

if (!isMainThread) serve();
else await main();

async function main(): Promise<void> {
  const perPass = eventBytes.length;
  const raws: number[] = [];
  const clients: number[] = [];
  const lives: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raws.push(await rawRead());
    clients.push(await pipeline(false));
    lives.push(await pipeline(true));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const raw = median(raws);
  const client = median(clients);
  const live = median(lives);
  const ratios = (values: number[]) => values.map((v, i) => (v / raws[i]!).toFixed(2)).join(" ");

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
  const mb = (eventsPerSecond: number) => `${((eventsPerSecond / perPass) * unit.length / 1e6).toFixed(0).padStart(5)} MB/s`;
  console.log(`live-events: ${perPass} events (${typed.length} subscribed ones), ${unit.length} bytes per session, ${PASSES} sessions; median of ${ROUNDS} rounds`);
  console.log(`  raw       socket read of the same bytes       ${fmt(raw)} events/s  ${mb(raw)}`);
  console.log(`  client    socket → client → decode            ${fmt(client)} events/s  ${mb(client)}  ${(client / raw).toFixed(2)}× raw  (rounds: ${ratios(clients)})`);
  console.log(`  live      socket → client → decode → store  ${fmt(live)} events/s  ${mb(live)}  ${(live / raw).toFixed(2)}× raw  (rounds: ${ratios(lives)})`);
}
