/**
 * The commands waiting on one event-socket connection.
 *
 * mod_event_socket answers every command with exactly one reply frame,
 * strictly in the order the commands were sent (`api/response` for `api`,
 * `command/reply` for everything else), with events in between. So replies
 * are matched first in, first out. A `bgapi` reply carries the Job-UUID
 * FreeSWITCH gave the job; the job's text comes later in a BACKGROUND_JOB
 * event with that Job-UUID, and jobs may finish in any order. Every
 * connection sees every BACKGROUND_JOB, so a Job-UUID nobody here waits for
 * is someone else's (fs_cli's, another client's) and is ignored.
 *
 * A command whose caller gave up (timeout) keeps its place in the line until
 * its reply comes, so a late reply is never handed to the next command.
 */
import { commandResult } from "./command-result.ts";
import type { EslFrame } from "./frame-parser.ts";
import type { EslFailure, EslResult } from "./port.ts";

export type CommandKind =
  /** `api <command>`: the result is the api/response body. */
  | "api"
  /** `bgapi <command>`: the result is the BACKGROUND_JOB body. */
  | "bgapi"
  /** A line of the protocol itself (`auth …`, `event json …`): the result is the Reply-Text. */
  | "command";

export type CommandQueue = {
  /** Writes the command and resolves with its result, a timeout, or the failure that ended the connection. */
  send(kind: CommandKind, line: string, timeoutMs: number): Promise<EslResult>;
  /** A `command/reply` or `api/response` frame arrived. */
  reply(frame: EslFrame): void;
  /** A BACKGROUND_JOB event arrived. */
  jobDone(jobUuid: string, body: string): void;
  /** The connection is gone: everything waiting ends with `failure`, and so does every later send. */
  failAll(failure: EslFailure): void;
};

type Settle = (result: EslResult) => void;

export function createCommandQueue(write: (text: string) => void): CommandQueue {
  const replies: ((frame: EslFrame) => void)[] = [];
  const jobs = new Map<string, (body: string) => void>();
  const waiting = new Set<Settle>();
  let failure: EslFailure | undefined;

  function send(kind: CommandKind, line: string, timeoutMs: number): Promise<EslResult> {
    if (failure) return Promise.resolve(failure);
    return new Promise((resolve) => {
      let job: string | undefined;
      const settle: Settle = (result) => {
        if (!waiting.delete(settle)) return;
        clearTimeout(timer);
        if (job !== undefined) jobs.delete(job);
        resolve(result);
      };
      waiting.add(settle);
      const timer = setTimeout(
        () => settle(commandResult({ kind: "timeout", text: `no answer from FreeSWITCH within ${timeoutMs} ms: ${line}` })),
        timeoutMs,
      );
      replies.push((frame) => {
        if (!waiting.has(settle)) return;
        if (kind === "api") return settle(commandResult({ kind: "answered", text: frame.body.toString("utf8") }));
        const text = frame.headers["Reply-Text"] ?? "";
        if (!text.startsWith("+OK")) return settle(commandResult({ kind: "refused", text }));
        if (kind === "command") return settle({ ok: true, value: text });
        job = frame.headers["Job-UUID"] ?? "";
        jobs.set(job, (body) => settle(commandResult({ kind: "answered", text: body })));
      });
      write(kind === "command" ? `${line}\n\n` : `${kind} ${line}\n\n`);
    });
  }

  return {
    send,
    reply(frame) {
      replies.shift()?.(frame);
    },
    jobDone(jobUuid, body) {
      jobs.get(jobUuid)?.(body);
    },
    failAll(next) {
      failure ??= next;
      replies.length = 0;
      for (const settle of [...waiting]) settle(next);
    },
  };
}
