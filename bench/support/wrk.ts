/** wrk (Debian's 4.1) as the load generator, in a process of its own, and the server's CPU read from /proc. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type Run = { reqPerSec: number; p50: number; p99: number; p999: number; cpuUsPerReq: number; requests: number; errors: number };

const TICK_US = 1_000_000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of the process, every thread included, in microseconds. */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/**
 * `delayMs`: each connection waits that long after an answer before its next
 * request. `pacing`: `lockstep` waits exactly that, so connections started
 * together stay together and arrive as one burst per period; `poisson` draws
 * each wait from an exponential distribution of that mean, so the requests
 * of all connections arrive as independent lookups would, at the same
 * average rate.
 */
export type WrkOptions = {
  port: number;
  bodiesFile: string;
  connections: number;
  seconds: number;
  serverPid: number;
  delayMs?: number;
  pacing?: "lockstep" | "poisson";
  newConnectionEach?: boolean;
};

export async function runWrk(o: WrkOptions): Promise<Run> {
  const script = join(import.meta.dir, "xmlcurl-wrk.lua");
  const lua = o.delayMs ? withDelay(script, o.bodiesFile, o.pacing ?? "lockstep") : script;
  const args = ["wrk", "-t1", `-c${o.connections}`, `-d${o.seconds}s`, "--timeout", "5s", "-s", lua, `http://127.0.0.1:${o.port}`, "--", o.bodiesFile, String(o.delayMs ?? 0), o.newConnectionEach ? "close" : "keep"];
  const before = cpuUs(o.serverPid);
  const proc = Bun.spawn(args, { stdout: "pipe", stderr: "pipe" });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const cpu = cpuUs(o.serverPid) - before;
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`wrk printed no result: ${out}${await new Response(proc.stderr).text()}`);
  const r = JSON.parse(line) as { requests: number; duration_us: number; errors: number; p50_us: number; p99_us: number; p999_us: number };
  return {
    reqPerSec: (r.requests / r.duration_us) * 1e6,
    p50: r.p50_us,
    p99: r.p99_us,
    p999: r.p999_us,
    cpuUsPerReq: cpu / Math.max(1, r.requests),
    requests: r.requests,
    errors: r.errors,
  };
}

/**
 * wrk paces a connection only when the script defines delay(); written next
 * to the bodies. wrk reads delay() as whole milliseconds, so a poisson draw
 * is rounded to the nearest one (its mean stays the pause).
 */
function withDelay(script: string, bodiesFile: string, pacing: "lockstep" | "poisson"): string {
  const path = `${bodiesFile}.${pacing}.lua`;
  const delay = pacing === "lockstep" ? "  return pause\n" : "  return math.floor(-math.log(1 - math.random()) * pause + 0.5)\n";
  writeFileSync(path, `${readFileSync(script, "utf8")}\nfunction delay()\n${delay}end\n`);
  return path;
}
