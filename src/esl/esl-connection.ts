/**
 * One inbound event-socket connection, from TCP connect to close: greeting
 * (`auth/request`) → `auth` → `event json …`, each step with a timeout, then
 * commands through the command queue and subscribed events to a listener.
 *
 * The handshake ends as a value saying which step failed and how, so the
 * client can tell a wrong password from a FreeSWITCH that is down, and
 * `doctor` can say so in words. A refused subscription fails the handshake
 * too: a connection that hears no events would leave the live view silently
 * frozen.
 */
import { connect, type Socket } from "node:net";
import { createCommandQueue } from "./command-queue.ts";
import { createSubscribedEventDecoder } from "./decode-event.ts";
import { createFrameParser, type EslFrame } from "./frame-parser.ts";
import type { EslEvent, EslResult } from "./port.ts";

export type EslConnectionOptions = {
  host: string;
  port: number;
  password: string;
  /** The words after `event json`; none skips the subscription (doctor's probe). */
  events: readonly string[];
  /** How long each step (connect, greeting, auth, subscription) may take. */
  stepTimeoutMs: number;
  /** Typed events, in arrival order. */
  onEvent(event: EslEvent): void;
  /** Called for every chunk FreeSWITCH sends, whatever it holds: proof the peer is alive. */
  onHeard?(): void;
  /** The connection ended after a successful handshake (not called after close()). */
  onClosed?(): void;
};

export type HandshakeStep = "connect" | "greeting" | "auth" | "subscribe";

export type HandshakeFailure = {
  ok: false;
  step: HandshakeStep;
  /** refused: FreeSWITCH (or the network) said no; closed: it hung up; timeout: it said nothing in time. */
  kind: "refused" | "closed" | "timeout";
  /** FreeSWITCH's words (`-ERR invalid`, a rejection's content type and text) or the socket error code. */
  detail: string;
};

export type EslConnection = {
  api(command: string, timeoutMs: number): Promise<EslResult>;
  bgapi(command: string, timeoutMs: number): Promise<EslResult>;
  /** Ends the connection; everything waiting ends as `disconnected`. `exit` is sent first unless the peer is presumed dead. */
  close(how?: "exit" | "reset"): void;
};

export type HandshakeResult = { ok: true; connection: EslConnection } | HandshakeFailure;

const LOST = { ok: false, kind: "disconnected", message: "connection to FreeSWITCH lost" } as const;

export async function openEslConnection(options: EslConnectionOptions): Promise<HandshakeResult> {
  if (/[\r\n]/.test(options.password) || options.events.some((word) => /\s/.test(word))) {
    return { ok: false, step: "auth", kind: "refused", detail: "not sent: a line break would smuggle in another command" };
  }
  let socket: Socket;
  try {
    socket = connect({ host: options.host, port: options.port });
  } catch (err) {
    // net.connect throws outright on an impossible address; a result is what callers get.
    return { ok: false, step: "connect", kind: "refused", detail: (err as Error).message };
  }
  socket.setNoDelay(true);
  const queue = createCommandQueue((text) => socket.write(text));
  const parser = createFrameParser();
  const decode = createSubscribedEventDecoder();
  let established = false;
  let closing = false;
  // Set up before connecting, so a greeting that comes with the connect is not missed.
  let greeting: ((frame: EslFrame | undefined) => void) | undefined;
  const greeted = new Promise<EslFrame | undefined>((resolve) => (greeting = resolve));
  let socketError = "";

  function onFrame(frame: EslFrame): void {
    const type = frame.contentType;
    if (type === "text/event-json" || type === "text/event-plain") {
      const event = decode(frame);
      if (!event) return;
      if (event.name === "BACKGROUND_JOB") queue.jobDone(event.headers["Job-UUID"] ?? "", event.body ?? "");
      options.onEvent(event);
    } else if (type === "command/reply" || type === "api/response") {
      queue.reply(frame);
    } else if (greeting) {
      greeting(frame);
    }
  }

  socket.on("data", (chunk: Buffer) => {
    // After close() nothing more is delivered, though FreeSWITCH may still be saying goodbye.
    if (closing) return;
    options.onHeard?.();
    for (const frame of parser.push(chunk)) onFrame(frame);
    if (parser.oversize()) socket.destroy();
  });
  socket.on("error", (err: NodeJS.ErrnoException) => (socketError = err.code ?? err.message));
  socket.on("close", () => {
    queue.failAll(LOST);
    greeting?.(undefined);
    if (established && !closing) options.onClosed?.();
  });

  const step = <T>(wait: Promise<T>, timedOut: T) => withTimeout(wait, options.stepTimeoutMs, timedOut);
  const fail = (failure: Omit<HandshakeFailure, "ok">): HandshakeFailure => {
    closing = true;
    socket.destroy();
    return { ok: false, ...failure };
  };

  const connected = await step(
    new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("close", () => resolve(false));
    }),
    undefined,
  );
  if (connected === undefined) return fail({ step: "connect", kind: "timeout", detail: `no TCP connection within ${options.stepTimeoutMs} ms` });
  if (!connected) return fail({ step: "connect", kind: "refused", detail: socketError || "connection closed" });

  const hello = await step(greeted, null);
  greeting = undefined;
  if (hello === null) return fail({ step: "greeting", kind: "timeout", detail: `no greeting within ${options.stepTimeoutMs} ms` });
  if (!hello) return fail({ step: "greeting", kind: "closed", detail: "closed before greeting" });
  if (hello.contentType !== "auth/request") return fail({ step: "greeting", kind: "refused", detail: describe(hello) });

  const auth = await queue.send("command", `auth ${options.password}`, options.stepTimeoutMs);
  if (!auth.ok) return fail({ step: "auth", ...stepFailure(auth) });
  if (options.events.length > 0) {
    const subscribed = await queue.send("command", `event json ${options.events.join(" ")}`, options.stepTimeoutMs);
    if (!subscribed.ok) return fail({ step: "subscribe", ...stepFailure(subscribed) });
  }

  established = !socket.destroyed;
  if (!established) return fail({ step: "subscribe", kind: "closed", detail: "closed right after the handshake" });
  return {
    ok: true,
    connection: {
      api: (command, timeoutMs) => queue.send("api", command, timeoutMs),
      bgapi: (command, timeoutMs) => queue.send("bgapi", command, timeoutMs),
      close(how = "exit") {
        if (closing) return;
        closing = true;
        queue.failAll(LOST);
        if (how === "exit") socket.end("exit\n\n");
        else socket.destroy();
      },
    },
  };
}

function stepFailure(result: Exclude<EslResult, { ok: true }>): Pick<HandshakeFailure, "kind" | "detail"> {
  if (result.kind === "error") return { kind: "refused", detail: `-ERR ${result.message}` };
  return { kind: result.kind === "timeout" ? "timeout" : "closed", detail: result.message };
}

/** `text/rude-rejection: Access Denied, go away.` — what a peer that is not greeting us said instead. */
function describe(frame: EslFrame): string {
  const text = frame.body.toString("utf8").trim();
  return `${frame.contentType ?? "a frame without Content-Type"}${text ? `: ${text}` : ""}`;
}

function withTimeout<T, U>(wait: Promise<T>, ms: number, timedOut: U): Promise<T | U> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<U>((resolve) => (timer = setTimeout(() => resolve(timedOut), ms)));
  return Promise.race([wait, deadline]).finally(() => clearTimeout(timer));
}
