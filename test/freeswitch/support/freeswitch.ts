/**
 * A fresh FreeSWITCH per test file: the binary from CALLBOARD_TEST_FREESWITCH,
 * the project's own freeswitch-conf/ copied to a temp dir, every state dir
 * (log, db, run, recordings, …) temporary, and the environment vars.xml reads.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

export const FREESWITCH_BINARY = process.env.CALLBOARD_TEST_FREESWITCH ?? "";
const CONF_SOURCE = resolve(import.meta.dir, "../../../freeswitch-conf");

export type FreeswitchOptions = {
  /** Where its state dirs go: `<dir>/log`, `<dir>/recordings`, … */
  dir: string;
  callboardUrl: string;
  /** callboard's xml_curl listener, where xml_curl.conf sends every lookup. */
  xmlcurlUrl: string;
  eslPort: number;
  eslPassword: string;
  domain: string;
  rtpStart: number;
  rtpEnd: number;
};

export type RunningFreeswitch = {
  dir: string;
  logDir: string;
  recordingsDir: string;
  cdrErrorDir: string;
  /** Everything FreeSWITCH logged so far (freeswitch.log). */
  log(): string;
  /** SIGKILL, as a crash would: no clean shutdown, no final events. */
  kill9(): Promise<void>;
  /** Starts the same configuration and state dirs again after kill9/stop. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

const dirs = ["conf", "log", "db", "run", "recordings", "storage", "cache", "temp", "sounds"] as const;

/** The state dirs a FreeSWITCH started in `dir` will use: callboard is told before FreeSWITCH starts. */
export const freeswitchDirs = (dir: string) => ({
  log: join(dir, "log"),
  recordings: join(dir, "recordings"),
  cdrErrors: join(dir, "log", "json_cdr_errors"),
});

export async function startFreeswitch(opts: FreeswitchOptions): Promise<RunningFreeswitch> {
  if (!existsSync(FREESWITCH_BINARY)) throw new Error(`CALLBOARD_TEST_FREESWITCH=${FREESWITCH_BINARY} is not a file`);
  const base = opts.dir;
  const path = Object.fromEntries(dirs.map((d) => [d, join(base, d)])) as Record<(typeof dirs)[number], string>;
  for (const d of dirs) if (d !== "conf") mkdirSync(path[d], { recursive: true });
  cpSync(CONF_SOURCE, path.conf, { recursive: true });

  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    CALLBOARD_URL: opts.callboardUrl,
    CALLBOARD_XMLCURL_URL: opts.xmlcurlUrl,
    CALLBOARD_ESL_PORT: String(opts.eslPort),
    CALLBOARD_ESL_PASSWORD: opts.eslPassword,
    CALLBOARD_DOMAIN: opts.domain,
    CALLBOARD_RTP_START: String(opts.rtpStart),
    CALLBOARD_RTP_END: String(opts.rtpEnd),
  };
  const args = ["-nf", "-nc", "-nonat", "-nonatmap", "-nocal"];
  for (const d of dirs) args.push(`-${d}`, path[d]);

  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(FREESWITCH_BINARY, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (b) => (stderr += String(b)));
    const logFile = join(path.log, "freeswitch.log");
    // After a restart the old run's lines are still in the file: look only past them.
    const from = existsSync(logFile) ? readFileSync(logFile).length : 0;
    const deadline = Date.now() + 30_000;
    while (!(existsSync(logFile) && readFileSync(logFile).subarray(from).includes("FreeSWITCH Started"))) {
      if (child.exitCode !== null) throw new Error(`freeswitch exited with ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error("freeswitch did not start within 30 s");
      await Bun.sleep(100);
    }
  };
  const exited = () =>
    new Promise<void>((r) => (child && child.exitCode === null && child.signalCode === null ? child.once("exit", () => r()) : r()));
  await launch();

  return {
    dir: base,
    logDir: path.log,
    recordingsDir: path.recordings,
    cdrErrorDir: freeswitchDirs(base).cdrErrors,
    log: () => {
      const f = join(path.log, "freeswitch.log");
      return existsSync(f) ? readFileSync(f, "utf8") : "";
    },
    kill9: async () => {
      child?.kill("SIGKILL");
      await exited();
    },
    restart: launch,
    stop: async () => {
      child?.kill("SIGTERM");
      const done = exited();
      const timer = setTimeout(() => child?.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
      if (!process.env.CALLBOARD_TEST_KEEP) rmSync(base, { recursive: true, force: true });
    },
  };
}
