/**
 * EslPort over esl-lite 3.2 — the only file that imports it.
 *
 * What esl-lite does and how this adapter lives with it (read from its source):
 * - It has no `api()`, and it drops `api/response` frames without resolving
 *   the pending command, which would stall its command queue for good. So
 *   both `api` and `bgapi` run as `bgapi`: FreeSWITCH runs the same command
 *   and puts the same reply text in the BACKGROUND_JOB body.
 * - It emits nothing when the connection comes or goes. Its logger (a
 *   constructor option) is the one place that tells: "Connected",
 *   "Authenticated" with the auth reply, "Socket completed …"/"Socket failed";
 *   signallingLogger below turns those into signals.
 * - It reconnects by itself, but re-sends the command in flight when it does
 *   (an originate could run twice), and after a connection that FreeSWITCH
 *   closes (wrong password, ACL rejection) it reconnects with no pause. So a
 *   client lives for one connection: when it is lost, it is ended and a new
 *   one is made — at once after a good session, with doubling backoff capped
 *   at 5 s after a failed one. While nothing listens, esl-lite itself retries
 *   refused connects every 200 ms growing to its 1 s cap.
 * - It never notices a peer that keeps the socket open but falls silent;
 *   liveness.ts does, fed by esl-lite's "event" trace for every frame read.
 */
import {
  FreeSwitchApplicationEndedError,
  FreeSwitchAbortError,
  FreeSwitchClient,
  FreeSwitchFailedCommandError,
  FreeSwitchTimeoutError,
  type FreeSwitchEventData,
} from "esl-lite";
import type { Logger } from "../log.ts";
import { watchLiveness, type LivenessWatch } from "./liveness.ts";
import { asTypedEvent, decodeJsonEventObject } from "./decode-event.ts";
import { commandResult, type CommandOutcome } from "./command-result.ts";
import {
  CUSTOM_SUBCLASSES,
  DEFAULT_COMMAND_TIMEOUT_MS,
  EVENT_NAMES,
  type EslCommandOptions,
  type EslConnectionStatus,
  type EslEvent,
  type EslFailure,
  type EslPort,
  type EslResult,
} from "./port.ts";

export type EslLiteOptions = {
  host: string;
  port: number;
  password: string;
  log: Logger;
  /** Longest pause between failed connections (default 5 s). */
  maxBackoffMs?: number;
  /** How long a connected socket may take to greet and accept `auth` (default 5 s). */
  authTimeoutMs?: number;
  /** Silence from FreeSWITCH after which `status` is sent to check it is alive (default 30 s). */
  idleMs?: number;
  /** How long that check may go unanswered before the connection counts as dead (default 5 s). */
  probeTimeoutMs?: number;
};

type Session = { client: FreeSwitchClient; tcpUp: boolean; authed: boolean; authTimer?: Timer; watch?: LivenessWatch };

export function createEslLiteAdapter(options: EslLiteOptions): EslPort {
  const { log } = options;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const authTimeout = options.authTimeoutMs ?? 5_000;
  const liveness = { idleMs: options.idleMs ?? 30_000, probeTimeoutMs: options.probeTimeoutMs ?? 5_000 };
  const eventListeners = new Set<(event: EslEvent) => void>();
  const statusListeners = new Set<(status: EslConnectionStatus) => void>();
  const inFlight = new Set<(failure: EslFailure) => void>();
  let status: EslConnectionStatus = "connecting";
  let session: Session | undefined;
  let failedAttempts = 0;
  let restartTimer: Timer | undefined;
  let closed = false;

  function setStatus(next: EslConnectionStatus): void {
    if (next === status) return;
    status = next;
    log.info({ host: options.host, port: options.port, status }, "ESL connection status");
    for (const listener of [...statusListeners]) {
      try {
        listener(next);
      } catch (err) {
        log.error({ err }, "ESL status listener failed");
      }
    }
  }

  function deliver(data: FreeSwitchEventData): void {
    const decoded = decodeJsonEventObject(data.body.data);
    const event = decoded && asTypedEvent(decoded);
    if (!event) return;
    for (const listener of [...eventListeners]) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err, event: event.name }, "ESL event listener failed");
      }
    }
  }

  function start(): void {
    restartTimer = undefined;
    const logger = signallingLogger(log, (signal) => onSignal(current, signal));
    const client = new FreeSwitchClient({ host: options.host, port: options.port, password: options.password, logger });
    const current: Session = { client, tcpUp: false, authed: false };
    for (const name of EVENT_NAMES) if (name !== "CUSTOM") client.on(name, deliver);
    for (const subclass of CUSTOM_SUBCLASSES) client.custom.on(subclass, deliver);
    session = current;
  }

  function onSignal(from: Session, signal: ConnectionSignal): void {
    if (from !== session || closed) return;
    switch (signal.kind) {
      case "tcp-up":
        from.tcpUp = true;
        from.authTimer = setTimeout(() => {
          log.warn({ host: options.host, port: options.port }, "ESL peer did not greet and accept auth in time");
          restart(from);
        }, authTimeout);
        return;
      case "auth":
        clearTimeout(from.authTimer);
        if (signal.accepted) {
          from.authed = true;
          failedAttempts = 0;
          from.watch = watchLiveness(liveness, (timeout) => send(from.client, "status", timeout), () => {
            log.warn({ host: options.host, port: options.port, ...liveness }, "FreeSWITCH stopped answering on the event socket; reconnecting");
            restart(from);
          });
          setStatus("connected");
        } else {
          log.error({ reply: signal.reply }, "FreeSWITCH refused the ESL password; check CALLBOARD_ESL_PASSWORD against event_socket.conf");
          restart(from);
        }
        return;
      case "heard":
        from.watch?.heard();
        return;
      case "closed":
        if (from.tcpUp) restart(from);
        else if (status === "connecting") setStatus("disconnected");
        return;
    }
  }

  function restart(from: Session): void {
    clearTimeout(from.authTimer);
    from.watch?.stop();
    session = undefined;
    from.client.end();
    failAll({ ok: false, kind: "disconnected", message: "connection to FreeSWITCH lost" });
    setStatus("disconnected");
    if (closed) return;
    const delay = from.authed ? 0 : Math.min(maxBackoff, 250 * 2 ** failedAttempts++);
    restartTimer = setTimeout(start, delay);
  }

  function failAll(failure: EslFailure): void {
    for (const fail of [...inFlight]) fail(failure);
  }

  function run(command: string, commandOptions: EslCommandOptions = {}): Promise<EslResult> {
    if (/[\r\n]/.test(command)) {
      return Promise.resolve({ ok: false, kind: "error", message: "a command must be a single line" });
    }
    if (status !== "connected" || !session) {
      return Promise.resolve({ ok: false, kind: "disconnected", message: "not connected to FreeSWITCH" });
    }
    const timeout = commandOptions.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS;
    return send(session.client, command, timeout, session.watch?.commandSent());
  }

  function send(client: FreeSwitchClient, command: string, timeout: number, onTimeout?: () => void): Promise<EslResult> {
    return new Promise((resolve) => {
      const settle = (result: EslResult) => {
        if (!inFlight.delete(settle)) return;
        clearTimeout(timer);
        resolve(result);
      };
      inFlight.add(settle);
      const timer = setTimeout(() => {
        settle({ ok: false, kind: "timeout", message: `no answer from FreeSWITCH within ${timeout} ms: ${command}` });
        onTimeout?.();
      }, timeout);
      client.bgapi(command, timeout).then(
        (outcome) => settle(commandResult(toOutcome(outcome))),
        (err: unknown) => settle({ ok: false, kind: "disconnected", message: String(err) }),
      );
    });
  }

  start();

  return {
    api: run,
    bgapi: run,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    status: () => status,
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      if (session) restart(session);
      else setStatus("disconnected");
    },
  };
}

function toOutcome(outcome: Awaited<ReturnType<FreeSwitchClient["bgapi"]>>): CommandOutcome {
  if (outcome instanceof FreeSwitchTimeoutError) return { kind: "timeout", text: outcome.message };
  if (outcome instanceof FreeSwitchFailedCommandError) return { kind: "refused", text: outcome.response };
  if (outcome instanceof FreeSwitchApplicationEndedError || outcome instanceof FreeSwitchAbortError) {
    return { kind: "ended", text: outcome.message };
  }
  if (outcome instanceof Error) return { kind: "refused", text: outcome.message };
  const body = outcome.body.response;
  return { kind: "answered", text: typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body) };
}

type ConnectionSignal = { kind: "tcp-up" | "heard" | "closed" } | { kind: "auth"; accepted: boolean; reply: string };

/**
 * A logger for esl-lite that reads its connection messages as signals. It
 * forwards only message strings, at trace: esl-lite logs the bytes it writes,
 * and those include `auth <password>`.
 */
function signallingLogger(log: Logger, signal: (signal: ConnectionSignal) => void): Logger {
  const write = (fields: unknown, message?: unknown) => {
    if (message === "event") signal({ kind: "heard" });
    else if (message === "Connected") signal({ kind: "tcp-up" });
    else if (message === "Authenticated") {
      const reply = replyText(fields);
      signal({ kind: "auth", accepted: reply.startsWith("+OK"), reply });
    } else if (message === "Socket failed" || (typeof message === "string" && message.startsWith("Socket completed"))) {
      signal({ kind: "closed" });
    }
    if (typeof message === "string") log.trace({ module: "esl-lite" }, message);
  };
  const logger = { level: "trace", child: () => logger, trace: write, debug: write, info: write, warn: write, error: write, fatal: write };
  return logger as unknown as Logger;
}

function replyText(fields: unknown): string {
  const res = (fields as { res?: { headers?: { replyText?: unknown } } } | undefined)?.res;
  const text = res?.headers?.replyText;
  return typeof text === "string" ? text : "";
}
