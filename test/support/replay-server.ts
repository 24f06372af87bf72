/**
 * A tiny stand-in for FreeSWITCH's event socket, for adapter tests: it greets
 * with the captured `auth/request` frame, checks `auth`, acknowledges `event`
 * subscriptions, and answers `api`/`bgapi` from a script — in the exact frame
 * shapes of the fixtures. Events go only to clients subscribed to them, as in
 * FreeSWITCH. Not the simulator (src/sim/): no channels, no state.
 *
 *   const fs = await startReplayServer({ answer: (cmd) => cmd === "status" ? "UP 0 years…\n" : undefined });
 *   fs.emitFrame(frameBytes("event_json_sofia_register"));
 */
import { createServer, type Server, type Socket } from "node:net";
import { frameBytes } from "./esl-transcript.ts";

/** The reply body for `api X`/`bgapi X`, or undefined to never answer (a hung FreeSWITCH). */
export type ReplayAnswer = (command: string) => string | undefined;

export type ReplayServerOptions = {
  port?: number;
  password?: string;
  answer?: ReplayAnswer;
  /** Commands that get no reply at all, not even the command/reply (FreeSWITCH stuck mid-command). */
  swallow?: (command: string) => boolean;
};

export type ReplayServer = {
  port: number;
  /** Every command received on any connection, without its trailing blank line. */
  received: string[];
  /** Open client connections. */
  connections(): number;
  /** Sends raw frame bytes to every authenticated client subscribed to the event inside. */
  emitFrame(frame: Uint8Array): void;
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

type Client = { socket: Socket; greeted: boolean; authed: boolean; events: Set<string>; buffer: string };

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
function subscriptionKeys(frame: Uint8Array): string[] {
  const text = Buffer.from(frame).toString("utf8");
  const name = /"Event-Name":"([^"]+)"|\nEvent-Name: (\S+)/.exec(text);
  const subclass = /"Event-Subclass":"([^"]+)"|\nEvent-Subclass: (\S+)/.exec(text);
  const eventName = name?.[1] ?? name?.[2] ?? "";
  const sub = decodeURIComponent(subclass?.[1] ?? subclass?.[2] ?? "");
  return eventName === "CUSTOM" ? [`CUSTOM ${sub}`] : [eventName];
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const password = options.password ?? "ClueCon";
  const answer = options.answer ?? unknownCommandReply;
  const swallow = options.swallow ?? (() => false);
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

  function handle(client: Client, command: string): void {
    record(command);
    const [line = "", ...headerLines] = command.split("\n");
    const write = (data: string | Buffer) => client.socket.write(data);
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
    if (swallow(line)) return;
    if (event) {
      subscribe(client, event[2]!.trim().split(/\s+/));
      write(reply(`+OK event listener enabled ${event[1]}`));
    } else if (line.startsWith("api ")) {
      const body = answer(line.slice(4));
      if (body !== undefined) write(withLength("api/response", body));
    } else if (line.startsWith("bgapi ")) {
      const jobHeader = headerLines.find((h) => /^job-uuid: /i.test(h));
      const job = jobHeader ? jobHeader.slice(jobHeader.indexOf(": ") + 2) : crypto.randomUUID();
      write(reply(`+OK Job-UUID: ${job}`, `Job-UUID: ${job}\n`));
      const body = answer(line.slice(6));
      if (body !== undefined && client.events.has("BACKGROUND_JOB")) {
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
      }
    } else if (line === "exit") {
      write(reply("+OK bye"));
      write(withLength("text/disconnect-notice", GOODBYE));
      client.socket.end();
    } else {
      write(reply("-ERR command not found"));
    }
  }

  function subscribers(frame: Uint8Array): Client[] {
    const keys = subscriptionKeys(frame);
    return [...clients].filter((c) => c.authed && keys.some((key) => c.events.has(key) || c.events.has("ALL")));
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
    let end: number;
    while ((end = client.buffer.indexOf("\n\n")) >= 0) {
      const command = client.buffer.slice(0, end);
      client.buffer = client.buffer.slice(end + 2);
      handle(client, command);
    }
  }

  const server: Server = createServer((socket) => {
    const client: Client = { socket, greeted: false, authed: false, events: new Set(), buffer: "" };
    clients.add(client);
    socket.on("close", () => clients.delete(client));
    socket.on("error", () => clients.delete(client));
    socket.on("data", (data) => {
      client.buffer += data.toString("utf8");
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
