/** sipp as a crowd of phones registering at a given rate: how many made it per second, and how long each took. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCENARIO = resolve(import.meta.dir, "../freeswitch/register-storm.xml");

export type Storm = { offered: number; registered: number; failed: number; perSecond: number; meanMs: number };

/** The injection file: one user and its credentials per line, taken in order. */
export function usersFile(users: readonly { number: string; password: string }[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "callboard-storm-")), "users.csv");
  const line = (u: { number: string; password: string }) => `${u.number};[authentication username=${u.number} password=${u.password}]`;
  writeFileSync(file, `SEQUENTIAL\n${users.map(line).join("\n")}\n`);
  return file;
}

/**
 * Every user of `users` registers once, `rate` new registrations a second,
 * from sipp's one address and `port` (so a phone's contact is the one it had
 * before), at most 1 000 in flight. The rate achieved is what completed over
 * sipp's own clock.
 */
export async function runStorm(o: { target: string; domain: string; users: string; count: number; rate: number; port: number }): Promise<Storm> {
  const dir = mkdtempSync(join(tmpdir(), "callboard-storm-run-"));
  const stats = join(dir, "stats.csv");
  const args = [
    "sipp", "-sf", SCENARIO, "-inf", o.users, "-key", "domain", o.domain, "-i", "127.0.0.1", "-p", String(o.port),
    "-r", String(o.rate), "-l", "1000", "-m", String(o.count), "-nostdin", "-timeout", "120s", "-recv_timeout", "10000",
    "-trace_stat", "-stf", stats, "-fd", "60", "-max_socket", "2048", o.target,
  ];
  const proc = Bun.spawn(args, { stdout: "ignore", stderr: "pipe" });
  await proc.exited;
  const lines = readFileSync(stats, "utf8").trim().split("\n");
  const header = lines[0]!.split(";");
  const last = lines.at(-1)!.split(";");
  const col = (name: string) => last[header.indexOf(name)] ?? "";
  const epoch = (field: string) => Number(field.split("\t")[2]);
  const seconds = epoch(col("CurrentTime")) - epoch(col("StartTime"));
  const registered = Number(col("SuccessfulCall(C)"));
  return {
    offered: o.rate,
    registered,
    failed: Number(col("FailedCall(C)")),
    perSecond: registered / seconds,
    meanMs: rtdMs(col("ResponseTime1(C)")),
  };
}

/** sipp writes response times as HH:MM:SS:microseconds. */
function rtdMs(value: string): number {
  const [h = "0", m = "0", s = "0", us = "0"] = value.split(":");
  return (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000 + Number(us) / 1000;
}
