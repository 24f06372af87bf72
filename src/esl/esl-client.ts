/**
 * EslPort over one long-lived event-socket connection (esl-connection.ts),
 * kept up by a small state machine:
 *
 *   connecting ──handshake ok──▶ connected ──closed, or silent (liveness.ts)──▶ disconnected
 *       │                            ▲                                              │
 *       └──handshake failed──▶ disconnected / auth-failed ◀──── retry failed ───────┤
 *                                    └──────────── retry ok ◀───────────────────────┘
 *
 * `connecting` is the first attempt only: retries leave the status where it
 * is, so the live view's `eslSince` says how long its picture has been
 * stale. Retries wait 0.25, 0.5, 1, 2 s, then every 5 s; after a session
 * that was up, the first retry goes at once. A command in flight when the
 * link drops ends as `disconnected` and is never sent again: each
 * connection has its own queue, so a click-to-call never rings twice.
 */
import type { Logger } from "../log.ts";
import { openEslConnection, type EslConnection, type HandshakeFailure } from "./esl-connection.ts";
import { watchLiveness, type LivenessWatch } from "./liveness.ts";
import {
  CUSTOM_SUBCLASSES,
  DEFAULT_COMMAND_TIMEOUT_MS,
  EVENT_NAMES,
  type EslCommandOptions,
  type EslConnectionStatus,
  type EslEvent,
  type EslLinkState,
  type EslPort,
  type EslResult,
} from "./port.ts";

export type EslClientOptions = {
  host: string;
  port: number;
  password: string;
  log: Logger;
  /** Longest pause between failed attempts (default 5 s). */
  maxBackoffMs?: number;
  /** How long each handshake step (connect, greeting, auth, subscription) may take (default 5 s). */
  stepTimeoutMs?: number;
  /** Silence from FreeSWITCH after which `status` is sent to check it is alive (default 30 s). */
  idleMs?: number;
  /** How long that check may go unanswered before the connection counts as dead (default 5 s). */
  probeTimeoutMs?: number;
};

const BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];

/** The `event json` words: every typed event, CUSTOM last, since every word after it is a subclass. */
export const SUBSCRIPTION: readonly string[] = [...EVENT_NAMES.filter((name) => name !== "CUSTOM"), "CUSTOM", ...CUSTOM_SUBCLASSES];

type Session = { connection?: EslConnection; watch?: LivenessWatch };

export function createEslClient(options: EslClientOptions): EslPort {
  const { log } = options;
  const where = { host: options.host, port: options.port };
  const liveness = { idleMs: options.idleMs ?? 30_000, probeTimeoutMs: options.probeTimeoutMs ?? 5_000 };
  const eventListeners = new Set<(event: EslEvent) => void>();
  const statusListeners = new Set<(status: EslConnectionStatus, link?: EslLinkState) => void>();
  let link: EslLinkState = "connecting";
  let session: Session | undefined;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const statusOf = (state: EslLinkState): EslConnectionStatus => (state === "auth-failed" ? "disconnected" : state);

  function setLink(next: EslLinkState): void {
    if (next === link) return;
    link = next;
    log.info({ ...where, status: link }, "ESL connection status");
    for (const listener of [...statusListeners]) {
      try {
        listener(statusOf(next), next);
      } catch (err) {
        log.error({ err }, "ESL status listener failed");
      }
    }
  }

  function deliver(event: EslEvent): void {
    for (const listener of eventListeners) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err, event: event.name }, "ESL event listener failed");
      }
    }
  }

  async function attempt(): Promise<void> {
    retry = undefined;
    const mine: Session = {};
    const result = await openEslConnection({
      ...where,
      password: options.password,
      events: SUBSCRIPTION,
      stepTimeoutMs: options.stepTimeoutMs ?? 5_000,
      onEvent: deliver,
      onHeard: () => mine.watch?.heard(),
      onClosed: () => lost(mine),
    });
    if (closed) {
      if (result.ok) result.connection.close();
      return;
    }
    if (!result.ok) return failed(result);
    const connection = result.connection;
    mine.connection = connection;
    mine.watch = watchLiveness(liveness, (timeout) => connection.api("status", timeout), () => {
      log.warn({ ...where, ...liveness }, "FreeSWITCH stopped answering on the event socket; reconnecting");
      connection.close("reset");
      lost(mine);
    });
    session = mine;
    failures = 0;
    setLink("connected");
  }

  function lost(from: Session): void {
    if (session !== from) return;
    session = undefined;
    from.watch?.stop();
    setLink("disconnected");
    schedule(0);
  }

  function failed(failure: HandshakeFailure): void {
    const fields = { ...where, step: failure.step, kind: failure.kind, reply: failure.detail };
    const authFailed = failure.step === "auth" && failure.kind === "refused";
    if (authFailed) log.error(fields, "FreeSWITCH refused the ESL password; check CALLBOARD_ESL_PASSWORD against event_socket.conf");
    else if (failure.step === "subscribe" && failure.kind === "refused") log.error(fields, "FreeSWITCH refused the event subscription; no events would arrive");
    else if (failure.step === "greeting" && failure.kind === "refused") log.error(fields, "FreeSWITCH did not greet with auth/request (event_socket ACL?)");
    else if (failures === 0) log.warn(fields, "cannot connect to FreeSWITCH's event socket; retrying");
    else log.debug(fields, "ESL connection attempt failed");
    setLink(authFailed ? "auth-failed" : "disconnected");
    const delay = BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]!;
    schedule(Math.min(delay, options.maxBackoffMs ?? delay));
  }

  function schedule(delay: number): void {
    if (!closed) retry = setTimeout(() => void attempt(), delay);
  }

  function run(kind: "api" | "bgapi") {
    return async (command: string, commandOptions: EslCommandOptions = {}): Promise<EslResult> => {
      if (/[\r\n]/.test(command)) return { ok: false, kind: "error", message: "a command must be a single line" };
      const current = session;
      if (!current?.connection || !current.watch) return { ok: false, kind: "disconnected", message: "not connected to FreeSWITCH" };
      const onSilence = current.watch.commandSent();
      const result = await current.connection[kind](command, commandOptions.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS);
      if (!result.ok && result.kind === "timeout") onSilence();
      return result;
    };
  }

  void attempt();

  return {
    api: run("api"),
    bgapi: run("bgapi"),
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    status: () => statusOf(link),
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      const current = session;
      session = undefined;
      current?.watch?.stop();
      current?.connection?.close();
      setLink("disconnected");
    },
  };
}
