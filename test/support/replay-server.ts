/**
 * A tiny stand-in for FreeSWITCH's event socket, for client tests: it greets
 * with the captured `auth/request` frame, checks `auth`, acknowledges `event`
 * subscriptions, and answers `api`/`bgapi` from a script — in the exact frame
 * shapes of the fixtures. Events go only to clients subscribed to them, as in
 * FreeSWITCH. Not the simulator (src/sim/): no channels, no state.
 *
 * Like mod_event_socket it handles one connection's commands one at a time:
 * an `api` answer that is a promise holds back every later command on that
 * connection until it settles, and one that never comes (undefined) leaves
 * the connection stuck, as a FreeSWITCH hung inside an api call. A `bgapi`
 * is acknowledged at once; its BACKGROUND_JOB follows when its answer does.
 *
 *   const fs = await startReplayServer({ answer: (cmd) => cmd === "status" ? "UP 0 years…\n" : undefined });
 *   fs.emitFrame(frameBytes("event_json_sofia_register"));
 */
import { createServer, type Server, type Socket } from "node:net";
import { decodeEventFrame } from "../../src/esl/decode-event.ts";
import { splitFrames } from "../../src/esl/frame-parser.ts";
import { CommandReader } from "../../src/sim/command-reader.ts";
import { frameBytes } from "./esl-transcript.ts";

type Answer = string | undefined;
/** The reply body for `api X`/`bgapi X` (now or later), or undefined for never (a hung FreeSWITCH). */
export type ReplayAnswer = (command: string) => Answer | Promise<Answer>;

export type ReplayServerOptions = {
  port?: number;
  password?: string;
  answer?: ReplayAnswer;
  /** The reply to an `event …` command (default FreeSWITCH's `+OK event listener enabled <format>`). */
  subscriptionReply?: string;
};

export type ReplayServer = {
  port: number;
  /** The first line of every command received on any connection. */
  received: string[];
  /** Open client connections. */
  connections(): number;
  /** Sends raw frame bytes to every authenticated client subscribed to the event inside. */
  emitFrame(frame: Uint8Array): void;
  /** Sends bytes as they are (a stretch of a captured session) to every authenticated client. */
  emitRaw(bytes: Uint8Array): void;
  /** The same, as two TCP writes a pause apart, so the client reads the frame in two chunks split at `at`. */
  emitFrameSplit(frame: Uint8Array, at: number): Promise<void>;
  /** Resolves at the next command matching; already received ones count. */
  waitForCommand(match: (command: string) => boolean): Promise<string>;
  /**
   * Goes silent with every socket left open ("FreeSWITCH stopped", SIGSTOP): nothing is
   * sent, not even the greeting to new connections, and what arrives is only buffered.
   */
  freeze(): void;
  /** Wakes up as FreeSWITCH does on SIGCONT: greets who connected meanwhile and answers the buffered commands. */
  thaw(): void;
  /** Kills every connection and stops listening ("FreeSWITCH died"). */
  close(): Promise<void>;
};

export const unknownCommandReply = (command: string) => `-ERR ${command.split(" ")[0]} Command not found!\n`;

type Client = {
  socket: Socket;
  greeted: boolean;
  authed: boolean;
  events: Set<string>;
  /** Bytes received while frozen, and what a command finishing while frozen would have sent. */
  held: Buffer[];
  unsent: (string | Buffer)[];
  reader: CommandReader;
  turn: Promise<void>;
};

const GREETING = frameBytes("greeting_auth_request");
const GOODBYE = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

function reply(text: string, extra = ""): string {
  return `Content-Type: command/reply\nReply-Text: ${text}\n${extra}\n`;
}

function withLength(contentType: string, body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([Buffer.from(`Content-Type: ${contentType}\nContent-Length: ${bytes.length}\n\n`), bytes]);
}

function jsonEvent(headers: Record<string, string>): Buffer {
  const bytes = Buffer.from(JSON.stringify(headers));
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\nContent-Type: text/event-json\n\n`), bytes]);
}

/** Which subscription lets this frame through: its Event-Name, or CUSTOM's subclass. */
function subscriptionKey(frame: Uint8Array): string {
  const [parsed] = splitFrames(frame);
  const event = parsed && decodeEventFrame(parsed);
  return event?.name === "CUSTOM" ? `CUSTOM ${event.subclass ?? ""}` : (event?.name ?? "");
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const password = options.password ?? "ClueCon";
  const answer = options.answer ?? unknownCommandReply;
  const clients = new Set<Client>();
  const received: string[] = [];
  const waiters: { match: (c: string) => boolean; resolve: (c: string) => void }[] = [];
  let frozen = false;

  function record(command: string): void {
    received.push(command);
    for (const waiter of [...waiters]) {
      if (waiter.match(command)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(command);
      }
    }
  }

  async function handle(client: Client, line: string): Promise<void> {
    record(line);
    const write = (data: string | Buffer) => {
      if (frozen) client.unsent.push(data);
      else if (!client.socket.destroyed) client.socket.write(data);
    };
    if (!client.authed) {
      if (line === `auth ${password}`) {
        client.authed = true;
        write(reply("+OK accepted"));
      } else {
        write(reply("-ERR invalid"));
        write(withLength("text/disconnect-notice", GOODBYE));
        client.socket.end();
      }
      return;
    }
    const event = /^event (plain|json|xml) (.*)$/.exec(line);
    if (event) {
      const refused = options.subscriptionReply?.startsWith("-ERR");
      if (!refused) subscribe(client, event[2]!.trim().split(/\s+/));
      write(reply(options.subscriptionReply ?? `+OK event listener enabled ${event[1]}`));
    } else if (line.startsWith("api ")) {
      const body = await answer(line.slice(4));
      if (body === undefined) return new Promise(() => {});
      write(withLength("api/response", body));
    } else if (line.startsWith("bgapi ")) {
      const job = crypto.randomUUID();
      write(reply(`+OK Job-UUID: ${job}`, `Job-UUID: ${job}\n`));
      void Promise.resolve(answer(line.slice(6))).then((body) => {
        if (body === undefined || !client.events.has("BACKGROUND_JOB")) return;
        const [name = "", ...args] = line.slice(6).split(" ");
        write(
          jsonEvent({
            "Event-Name": "BACKGROUND_JOB",
            "Job-UUID": job,
            "Job-Command": name,
            ...(args.length > 0 ? { "Job-Command-Arg": args.join(" ") } : {}),
            "Content-Length": String(Buffer.byteLength(body)),
            _body: body,
          }),
        );
      });
    } else if (line === "exit") {
      write(reply("+OK bye"));
      write(withLength("text/disconnect-notice", GOODBYE));
      client.socket.end();
    } else {
      write(reply("-ERR command not found"));
    }
  }

  function subscribers(frame: Uint8Array): Client[] {
    const key = subscriptionKey(frame);
    return [...clients].filter((c) => c.authed && (c.events.has(key) || c.events.has("ALL")));
  }

  function subscribe(client: Client, words: string[]): void {
    let custom = false;
    for (const word of words) {
      if (custom) client.events.add(`CUSTOM ${word}`);
      else if (word === "CUSTOM") custom = true;
      else client.events.add(word);
    }
  }

  function wake(client: Client): void {
    if (frozen || client.socket.destroyed) return;
    if (!client.greeted) {
      client.greeted = true;
      client.socket.write(GREETING);
    }
    for (const data of client.unsent.splice(0)) client.socket.write(data);
    for (const chunk of client.held.splice(0)) {
      for (const command of client.reader.push(chunk).commands) client.turn = client.turn.then(() => handle(client, command.line));
    }
  }

  const server: Server = createServer((socket) => {
    const client: Client = { socket, greeted: false, authed: false, events: new Set(), held: [], unsent: [], reader: new CommandReader(1 << 20), turn: Promise.resolve() };
    clients.add(client);
    socket.on("close", () => clients.delete(client));
    socket.on("error", () => clients.delete(client));
    socket.on("data", (data: Buffer) => {
      client.held.push(data);
      wake(client);
    });
    wake(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    received,
    connections: () => clients.size,
    emitFrame(frame) {
      if (frozen) return;
      for (const client of subscribers(frame)) client.socket.write(frame);
    },
    emitRaw(bytes) {
      if (frozen) return;
      for (const client of clients) if (client.authed) client.socket.write(bytes);
    },
    async emitFrameSplit(frame, at) {
      const targets = frozen ? [] : subscribers(frame);
      for (const client of targets) client.socket.write(frame.subarray(0, at));
      await Bun.sleep(50);
      for (const client of targets) client.socket.write(frame.subarray(at));
    },
    waitForCommand(match) {
      const seen = received.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const client of [...clients]) wake(client);
    },
    close() {
      for (const client of clients) client.socket.destroy();
      clients.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
