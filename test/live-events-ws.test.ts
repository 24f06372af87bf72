import { afterEach, expect, test } from "bun:test";
import { createToken } from "../src/db/tokens.ts";
import { openEventStream, SLOW_CLIENT_CLOSE, type StreamSocket } from "../src/api/events-ws.ts";
import { startServer, type RunningServer } from "../src/system.ts";
import type { LiveChangeBody } from "../src/esl/live-state.ts";
import type { LiveChange, LiveSnapshot, LiveView, StreamMessage } from "../src/esl/live-types.ts";
import { createLogger } from "../src/log.ts";
import { testDeps } from "./support/deps.ts";

/** A LiveView the test drives: push() hands a change to every subscriber. */
function drivenLive() {
  const listeners = new Set<(c: LiveChange) => void>();
  let seq = 7;
  const snap = (): LiveSnapshot => ({ seq, channels: [], calls: [], registrations: [], gateways: [], queueCallers: [], queueAgents: [], status: { esl: "connected", version: "1.10.12-release" } });
  const view: LiveView = { snapshot: snap, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  return {
    view,
    subscribers: () => listeners.size,
    push(change: LiveChangeBody) {
      const full = { ...change, seq: ++seq } as LiveChange;
      listeners.forEach((l) => l(full));
    },
  };
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function serve(live: LiveView) {
  const deps = testDeps({ live });
  const token = createToken(deps.db, "ws-test", "viewer");
  server = startServer(deps);
  return { token, wsUrl: server.url.replace(/^http/, "ws") + "/api/v1/events" };
}

function collect(ws: WebSocket) {
  const messages: StreamMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (n: number) => {
    while (messages.length < n) await new Promise<void>((r) => waiters.push(r));
    return messages;
  };
  return { next };
}

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve());
    ws.addEventListener("error", () => reject(new Error("websocket failed")));
  });

test("a client gets the full snapshot first, then each change with its seq", async () => {
  const live = drivenLive();
  const { token, wsUrl } = serve(live.view);
  const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } } as unknown as string[]);
  const inbox = collect(ws);
  await opened(ws);
  const [snapshot] = await inbox.next(1);
  expect(snapshot).toMatchObject({ type: "snapshot", seq: 7, channels: [], status: { esl: "connected" } });
  live.push({ kind: "gateway", op: "upsert", key: "belluz", value: { name: "belluz", state: "FAIL_WAIT", lastStatus: "503 Service Unavailable", since: 1 } });
  const messages = await inbox.next(2);
  expect(messages[1]).toEqual({
    type: "change",
    seq: 8,
    kind: "gateway",
    op: "upsert",
    key: "belluz",
    value: { name: "belluz", state: "FAIL_WAIT", lastStatus: "503 Service Unavailable", since: 1 },
  });
  ws.close();
});

test("a browser may pass the token as ?token=; closing unsubscribes", async () => {
  const live = drivenLive();
  const { token, wsUrl } = serve(live.view);
  const ws = new WebSocket(`${wsUrl}?token=${token}`);
  const inbox = collect(ws);
  await opened(ws);
  await inbox.next(1);
  expect(live.subscribers()).toBe(1);
  const closed = new Promise((r) => ws.addEventListener("close", r));
  ws.close();
  await closed;
  while (live.subscribers() > 0) await Bun.sleep(5);
  expect(live.subscribers()).toBe(0);
});

test("without a valid token there is no stream", async () => {
  const { wsUrl } = serve(drivenLive().view);
  const ws = new WebSocket(`${wsUrl}?token=cb_wrong`);
  await expect(opened(ws)).rejects.toThrow();
});

/** A socket whose reader never reads: everything sent stays buffered. */
function stuckSocket() {
  let buffered = 0;
  const closes: [number | undefined, string | undefined][] = [];
  const socket: StreamSocket = {
    send(data) {
      buffered += Buffer.byteLength(data);
      return -1;
    },
    getBufferedAmount: () => buffered,
    close: (code, reason) => void closes.push([code, reason]),
  };
  return { socket, closes };
}

test("a client that stops reading is dropped once its buffer passes the limit, and unsubscribed", () => {
  const live = drivenLive();
  const { socket, closes } = stuckSocket();
  openEventStream(live.view, socket, { log: createLogger("silent"), maxBufferedBytes: 4096 });
  const big = "x".repeat(1000);
  for (let i = 0; i < 10 && live.subscribers() > 0; i++) {
    live.push({ kind: "gateway", op: "upsert", key: `gw${i}`, value: { name: big, state: "REGED", since: i } });
  }
  expect(closes).toHaveLength(1);
  expect(closes[0]?.[0]).toBe(SLOW_CLIENT_CLOSE);
  expect(live.subscribers()).toBe(0);
});

test("a client that keeps up is never dropped", () => {
  const live = drivenLive();
  const closes: unknown[] = [];
  const socket: StreamSocket = { send: (d) => d.length, getBufferedAmount: () => 0, close: () => void closes.push(1) };
  openEventStream(live.view, socket, { log: createLogger("silent"), maxBufferedBytes: 4096 });
  for (let i = 0; i < 1000; i++) live.push({ kind: "gateway", op: "upsert", key: "gw", value: { name: "x".repeat(1000), state: "REGED", since: i } });
  expect(closes).toEqual([]);
  expect(live.subscribers()).toBe(1);
});
