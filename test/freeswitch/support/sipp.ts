/**
 * sipp as the phones and the provider. Each run gets its own port on
 * 127.0.0.1 and a message trace file the test reads for the final status.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freeMediaPorts, freePort } from "./ports.ts";

const SCENARIOS = resolve(import.meta.dir, "../sipp");

export type SippOptions = {
  /** A file in test/freeswitch/sipp, or an absolute path (a scenario a test wrote). */
  scenario: string;
  /** host:port sipp sends to; omitted for a server-mode process. */
  target?: string;
  keys?: Record<string, string>;
  auth?: { user: string; password: string };
  /** Out-of-call scenario (a phone's INVITE handling). */
  oocScenario?: string;
  /** Calls to run before exiting (client mode). */
  calls?: number;
  timeoutSeconds?: number;
};

export type SippRun = {
  port: number;
  /** Exit code: 0 all calls succeeded, 1 some failed, 99 killed. */
  done: Promise<number>;
  trace(): string;
  /** Status codes of every response sipp received, in order. */
  received(): number[];
  /** The last final status (≥ 200) sipp received for `method` (by CSeq), if any. */
  finalStatus(method: string): number | undefined;
  /** Request methods sipp received (out-of-call ones included). */
  requestsReceived(): string[];
  stop(): Promise<number>;
};

export async function startSipp(o: SippOptions): Promise<SippRun> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "callboard-sipp-"));
  const messages = join(dir, "messages.log");
  const args = [
    "-sf", resolve(SCENARIOS, o.scenario),
    "-i", "127.0.0.1", "-p", String(port), "-mi", "127.0.0.1", "-mp", String(await freeMediaPorts()),
    "-nostdin", "-trace_msg", "-message_file", messages, "-trace_err", "-error_file", join(dir, "errors.log"),
    "-timeout", `${o.timeoutSeconds ?? 60}s`, "-timeout_error",
  ].filter(Boolean);
  if (o.oocScenario) args.push("-oocsf", join(SCENARIOS, o.oocScenario));
  if (o.auth) args.push("-au", o.auth.user, "-ap", o.auth.password);
  for (const [k, v] of Object.entries(o.keys ?? {})) args.push("-key", k, v);
  if (o.target) args.push("-m", String(o.calls ?? 1), o.target);
  const child: ChildProcess = spawn("sipp", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (b) => (stderr += String(b)));
  const done = new Promise<number>((r) =>
    child.once("exit", (code, signal) => {
      // A sipp that sent nothing at all (it could not bind its port, say) leaves the test only an empty trace: say why, always.
      const silent = !existsSync(messages) || readFileSync(messages, "utf8").trim() === "";
      if (code !== 0 && code !== null && (silent || process.env.CALLBOARD_TEST_VERBOSE)) console.error(`sipp ${o.scenario} exited ${code}: ${stderr}`);
      r(code ?? (signal ? 99 : 1));
    }),
  );
  const trace = () => (existsSync(messages) ? readFileSync(messages, "utf8") : "");
  return {
    port,
    done,
    trace,
    received: () => [...trace().matchAll(/-+ \S+ \S+\s+UDP message received \[\d+\] bytes :\s+SIP\/2\.0 (\d{3})/g)].map((m) => Number(m[1])),
    finalStatus: (method) => {
      // The last transaction's answer: a late retransmission of an earlier one (a 407) must not count.
      const finals = [...trace().matchAll(/UDP message received \[\d+\] bytes :\s+SIP\/2\.0 (\d{3})[^]*?\nCSeq:\s*(\d+) ([A-Z]+)/gi)]
        .filter((m) => m[3] === method && Number(m[1]) >= 200)
        .map((m) => ({ status: Number(m[1]), cseq: Number(m[2]) }));
      const last = Math.max(...finals.map((f) => f.cseq));
      return finals.filter((f) => f.cseq === last).at(-1)?.status;
    },
    requestsReceived: () => [...trace().matchAll(/UDP message received \[\d+\] bytes :\s+([A-Z]+) sip/g)].map((m) => m[1]!),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGUSR1");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const code = await done;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a client scenario to its end. */
export async function runSipp(o: SippOptions & { target: string }): Promise<SippRun & { code: number }> {
  const run = await startSipp(o);
  return { ...run, code: await run.done };
}
