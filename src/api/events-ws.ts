import type { OpenAPIHono } from "@hono/zod-openapi";
import { upgradeWebSocket } from "hono/bun";
import type { LiveChange, LiveView, StreamMessage } from "../esl/live-types.ts";
import type { Logger } from "../log.ts";
import type { AppDeps } from "../http/deps.ts";
import type { ErrorBody } from "./errors.ts";

/** What may wait in one client's send buffer (beyond its first snapshot) before it is dropped. */
export const MAX_BUFFERED_BYTES = 1 << 20;
/** 1013 "try again later": the client fell behind and should reconnect for a fresh snapshot. */
export const SLOW_CLIENT_CLOSE = 1013;

/** The part of Bun's ServerWebSocket the stream uses; tests pass a fake. */
export type StreamSocket = {
  /** Bun: bytes sent, -1 when queued under backpressure, 0 when dropped. */
  send(data: string): number;
  getBufferedAmount(): number;
  close(code?: number, reason?: string): void;
};

/**
 * One subscriber: the full snapshot first, then every change as its own
 * message with its seq. A client that lets its buffer grow past the limit is
 * closed and unsubscribed, so a stuck reader costs at most that much memory.
 * Returns the cleanup for when the socket closes.
 */
export function openEventStream(
  live: LiveView,
  socket: StreamSocket,
  options: { log: Logger; maxBufferedBytes?: number; encode?: (change: LiveChange) => string },
): () => void {
  const encode = options.encode ?? encodeChange;
  const snapshot = JSON.stringify({ type: "snapshot", ...live.snapshot() } satisfies StreamMessage);
  const allowance = (options.maxBufferedBytes ?? MAX_BUFFERED_BYTES) + snapshot.length;
  let open = true;
  let off = () => {};
  const drop = (reason: string) => {
    if (!open) return;
    open = false;
    off();
    options.log.warn({ buffered: socket.getBufferedAmount(), reason }, "events client dropped");
    socket.close(SLOW_CLIENT_CLOSE, "too slow; reconnect for a fresh snapshot");
  };
  if (socket.send(snapshot) === 0) {
    drop("snapshot not sent");
    return () => {};
  }
  off = live.subscribe((change) => {
    if (!open) return;
    if (socket.getBufferedAmount() > allowance) return drop("buffer over limit");
    const sent = socket.send(encode(change));
    if (sent === 0) drop("message dropped by the socket");
    else if (sent === -1 && socket.getBufferedAmount() > allowance) drop("buffer over limit");
  });
  return () => {
    open = false;
    off();
  };
}

export const encodeChange = (change: LiveChange) => JSON.stringify({ type: "change", ...change } satisfies StreamMessage);

/** Every client gets the same text for one change: encode once, not once per socket. */
function sharedEncoder() {
  let last: LiveChange | undefined;
  let text = "";
  return (change: LiveChange) => {
    if (change !== last) {
      last = change;
      text = encodeChange(change);
    }
    return text;
  };
}

/**
 * GET /api/v1/events. The bearer middleware has already checked the token
 * (header, or `?token=` since browsers cannot set headers on an upgrade);
 * the handler refuses anything it did not mark as authenticated.
 */
export function addEventsRoute(router: OpenAPIHono, deps: AppDeps, options: { maxBufferedBytes?: number } = {}) {
  const encode = sharedEncoder();
  router.get(
    "/events",
    async (c, next) => {
      if (!c.get("auth")) return c.json({ error: { code: "unauthorized", message: "a token is required" } } satisfies ErrorBody, 401);
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        return c.json({ error: { code: "upgrade_required", message: "connect with a WebSocket client" } } satisfies ErrorBody, 426);
      }
      await next();
    },
    upgradeWebSocket(() => {
      let close = () => {};
      return {
        onOpen(_event, ws) {
          close = openEventStream(deps.live, ws.raw as unknown as StreamSocket, { log: deps.log, encode, ...options });
        },
        onClose() {
          close();
        },
      };
    }),
  );
}
