/**
 * The TCP side: one EslConnection per client, speaking mod_event_socket's
 * inbound protocol (greeting, auth, event/filter, api, bgapi, exit) and
 * forwarding the model's events each connection subscribed to.
 */
import { createServer, type Server, type Socket } from "node:net";
import { CommandReader, type ClientCommand } from "./command-reader.ts";
import { EventSubscription } from "./event-subscription.ts";
import {
  GOODBYE_MESSAGE,
  GREETING,
  apiResponse,
  bgapiReply,
  commandReply,
  disconnectNotice,
  eventFrame,
  type SimEvent,
} from "./frames.ts";
import { runApi, type CommandDeps } from "./commands.ts";

export type ServerOptions = {
  password: string;
  deps: CommandDeps;
  /** A header block or body larger than this closes the connection. */
  maxCommandBytes?: number;
  /** Unsent bytes beyond this drop the client, as FreeSWITCH drops a listener that loses events. */
  maxQueuedBytes?: number;
};

const LOG_LEVELS: Record<string, number> = { console: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, notice: 5, info: 6, debug: 7 };

class EslConnection {
  private authed = false;
  private closed = false;
  private readonly subscription = new EventSubscription();
  private readonly reader: CommandReader;
  private queue: Promise<void> = Promise.resolve();
  private logging = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ServerOptions,
    private readonly forget: () => void,
  ) {
    this.reader = new CommandReader(options.maxCommandBytes ?? 1024 * 1024);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.gone());
    socket.on("error", () => this.gone());
    this.write(GREETING);
  }

  private write(text: string): void {
    if (this.closed) return;
    this.socket.write(text);
    if (this.socket.writableLength > (this.options.maxQueuedBytes ?? 64 * 1024 * 1024)) this.socket.destroy();
  }

  private gone(): void {
    this.closed = true;
    this.forget();
  }

  /** Sends the disconnect notice and closes, as listener_run does on its way out. */
  hangUp(message = GOODBYE_MESSAGE): void {
    if (this.closed) return;
    this.write(disconnectNotice(message));
    this.closed = true;
    this.socket.end();
    this.forget();
  }

  drop(): void {
    this.closed = true;
    this.socket.destroy();
    this.forget();
  }

  deliver(event: SimEvent): void {
    if (this.authed && !this.closed && this.subscription.wants(event)) this.write(eventFrame(event, this.subscription.format));
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const { commands, oversize } = this.reader.push(chunk);
    for (const command of commands) this.queue = this.queue.then(() => this.handle(command));
    if (oversize) this.queue = this.queue.then(() => this.hangUp());
  }

  private reply(text: string): void {
    this.write(commandReply(text));
  }

  private async handle(command: ClientCommand): Promise<void> {
    if (this.closed) return;
    const line = command.line;
    const lower = line.toLowerCase();
    if (lower.startsWith("exit") || lower.startsWith("...")) {
      this.reply("+OK bye");
      return this.hangUp();
    }
    if (!this.authed) return this.beforeAuth(line);
    if (lower.startsWith("filter ")) return this.reply(this.subscription.filter(line.slice(7)));
    if (lower.startsWith("divert_events")) return this.reply("-ERR not controlling a session.");
    if (lower.startsWith("sendmsg")) return this.sendmsg(line.slice(7).trim() || command.headers.get("session-id") || "", command);
    if (lower.startsWith("api ")) return this.api(line.slice(4));
    if (lower.startsWith("bgapi ")) return this.bgapi(line.slice(6), command.headers.get("job-uuid"));
    if (lower.startsWith("log")) return this.log(line.slice(3).trim().split(" ")[0] ?? "");
    if (lower.startsWith("linger") || lower.startsWith("nolinger")) return this.reply("-ERR not controlling a session");
    if (lower.startsWith("nolog")) {
      const was = this.logging;
      this.logging = false;
      return this.reply(was ? "+OK no longer logging" : "-ERR not loging");
    }
    const args = line.split(" ").slice(1);
    if (lower.startsWith("event")) return this.reply(this.subscription.subscribe(args));
    if (lower.startsWith("nixevent")) return this.reply(this.subscription.nix(args));
    if (lower.startsWith("noevents")) return this.reply(this.subscription.clear());
    return this.reply("-ERR command not found");
  }

  private beforeAuth(line: string): void {
    if (line.toLowerCase().startsWith("auth ")) {
      if (line.slice(5) === this.options.password) {
        this.authed = true;
        return this.reply("+OK accepted");
      }
      this.reply("-ERR invalid");
      return this.hangUp();
    }
    if (line.toLowerCase().startsWith("userauth ")) {
      this.reply("-ERR invalid");
      return this.hangUp();
    }
    this.reply("-ERR command not found");
  }

  private log(level: string): void {
    const number = level === "" ? 7 : /^\d+$/.test(level) ? Number(level) : LOG_LEVELS[level.toLowerCase()];
    if (number === undefined || number > 7) return this.reply("-ERR invalid log level");
    this.logging = true;
    this.reply(`+OK log level ${level} [${number}]`);
  }

  private async api(text: string): Promise<void> {
    const space = text.indexOf(" ");
    const name = space < 0 ? text : text.slice(0, space);
    const arg = space < 0 ? undefined : text.slice(space + 1);
    const outcome = await runApi(this.options.deps, name, arg);
    this.write(apiResponse(outcome.body));
    outcome.afterReply?.();
  }

  private bgapi(text: string, requestedJob: string | undefined): void {
    const deps = this.options.deps;
    const job = requestedJob ?? deps.newUuid();
    const space = text.indexOf(" ");
    const name = space < 0 ? text : text.slice(0, space);
    const arg = space < 0 ? undefined : text.slice(space + 1);
    this.write(bgapiReply(job));
    void runApi(deps, name, arg).then((outcome) => {
      deps.model.backgroundJob(job, name, arg, outcome.body);
      outcome.afterReply?.();
    });
  }

  private sendmsg(uuid: string, command: ClientCommand): void {
    const { model } = this.options.deps;
    if (!uuid || !model.channel(uuid)) return this.reply(`-ERR invalid session id [${uuid}]`);
    this.reply("+OK");
    if (command.headers.get("call-command") === "hangup") model.hangup(uuid, command.headers.get("hangup-cause") ?? "NORMAL_CLEARING");
  }
}

export class EslServer {
  private server: Server | undefined;
  private readonly connections = new Set<EslConnection>();
  constructor(private readonly options: ServerOptions) {
    options.deps.model.onEvent((event) => {
      for (const connection of this.connections) connection.deliver(event);
    });
  }

  listen(port: number, host = "127.0.0.1"): Promise<number> {
    const server = createServer((socket) => {
      const connection: EslConnection = new EslConnection(socket, this.options, () => this.connections.delete(connection));
      this.connections.add(connection);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  /** Stops accepting; every client gets `message` as a disconnect notice. */
  async close(message: string): Promise<void> {
    for (const connection of [...this.connections]) connection.hangUp(message);
    await this.stopServer();
  }

  /** Vanishes without a word, like a crashed switch. */
  async kill(): Promise<void> {
    for (const connection of [...this.connections]) connection.drop();
    await this.stopServer();
  }

  private stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
