import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../db/tokens.ts";
import { loadConfig, type Config } from "../config.ts";
import { openDb } from "../db/client.ts";
import { createSecretBox } from "../db/secret-box.ts";
import { createEslClient } from "../esl/esl-client.ts";
import { createLogger } from "../log.ts";
import { playCallCentreDay } from "../sim/call-centre-day.ts";
import { DEMO_DOMAIN, seedDemoPbx } from "../sim/demo-pbx.ts";
import { postJsonCdrs, startEslSimulator } from "../sim/index.ts";
import { startSystem } from "../system.ts";
import { type Command, parseFlags, UsageError } from "./usage.ts";

export const command: Command = {
  summary: "callboard with a simulated FreeSWITCH playing a call-centre day, and the dashboard",
  help: `usage: callboard demo [--no-top] [--port N] [--seed N] [--speed X]

Starts the ESL simulator on 127.0.0.1, callboard on 127.0.0.1:N (default: a free port) with an
in-memory database seeded with ten extensions, the belluz gateway, the support queue, the sales
ring group, the support line's menu, two voicemail boxes and four DIDs, and plays a call-centre
day: DID calls (the support line's callers key 1 or 2 in its menu), callers waiting in the queue,
voicemail left, outbound calls through belluz, transfers, holds, recordings, phones registering
and dropping off, belluz flapping. Everything is marked SIMULATED. Prints the URL and
an admin token, then opens \`callboard top\` in this terminal (--no-top: serve only, until ctrl-c).
--speed 5 plays five times faster; --seed N replays the same day.`,
  run: runDemo,
};

/**
 * callboard as `serve` runs it, in a throwaway data dir that also holds the
 * recordings directory and the CDR spool. The spool is the simulator's own,
 * where nothing is ever parked: a real FreeSWITCH's parked CDRs must not be
 * replayed into a database about to vanish.
 */
export function demoConfig(dataDir: string, port: number, quiet: boolean): Config {
  return loadConfig({
    CALLBOARD_DATA_DIR: dataDir,
    CALLBOARD_HTTP_HOST: "127.0.0.1",
    CALLBOARD_HTTP_PORT: String(port),
    // The simulator asks on the API port; a free port keeps the listener clear of a `serve` on this host.
    CALLBOARD_XMLCURL_PORT: "0",
    CALLBOARD_DOMAIN: DEMO_DOMAIN,
    CALLBOARD_RECORDINGS_DIR: join(dataDir, "recordings"),
    // The simulated mod_voicemail names its messages under this dir (it writes no audio).
    CALLBOARD_VOICEMAIL_DIR: join(dataDir, "voicemail"),
    CALLBOARD_CDR_SPOOL_DIR: join(dataDir, "json_cdr_errors"),
    CALLBOARD_LOG_LEVEL: quiet ? "silent" : "warn",
  });
}

/** Waits (at most a few seconds: the switch is local) until the check holds. */
async function eslConnected(check: () => boolean): Promise<void> {
  for (let waited = 0; !check() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function runDemo(args: string[]) {
  const help = command.help;
  const { values } = parseFlags(args, { "no-top": { type: "boolean" }, port: { type: "string" }, seed: { type: "string" }, speed: { type: "string" } }, help);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port: 0-65535 (0 picks a free one)");
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0 && speed <= 100)) throw new UsageError("--speed: a number above 0, at most 100");
  const seedValue = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  const withTop = !values["no-top"];

  const dataDir = mkdtempSync(join(tmpdir(), "callboard-demo-"));
  const config = demoConfig(dataDir, port, withTop);
  const log = createLogger(config.logLevel);
  const password = crypto.randomUUID();
  // The switch says what it is: the dashboard shows "FreeSWITCH 1.10.12-SIMULATED".
  const sim = await startEslSimulator({ password, domain: DEMO_DOMAIN, identity: { release: "SIMULATED" } });
  const db = openDb(":memory:");
  const token = createToken(db, "demo", "admin");
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password, log });
  const callboard = startSystem({ db, config, log, esl, secrets: createSecretBox(Buffer.alloc(32, 42)) });
  // Every REGISTER and call from here on asks callboard, which the seed configures through its own API.
  sim.useXmlCurl({ url: `${callboard.url}/freeswitch/xml` });
  // The seed's voicemail boxes ask FreeSWITCH to drop cached users: only once callboard is connected to it.
  await eslConnected(() => callboard.live.snapshot().status.esl === "connected");
  const problems = await seedDemoPbx((path, body, method = "POST") =>
    fetch(`${callboard.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  // The simulator stands in for mod_json_cdr too, so the demo's CDRs (and `:cdrs` in top) fill up.
  const cdrPoster = postJsonCdrs(sim.model, {
    url: `${callboard.url}/freeswitch/cdr`,
    retries: 3,
    retryDelayMs: 1_000,
    onFailure: (uuid, reason) => log.warn({ uuid, reason }, "demo CDR not delivered"),
  });
  const stopDay = playCallCentreDay(sim, { seed: seedValue, speed });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopDay();
    cdrPoster.stop();
    await callboard.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  console.log(
    [
      `callboard demo: a simulated FreeSWITCH, routed by callboard, playing a call-centre day (seed ${seedValue}, speed ${speed}×)`,
      `  URL    ${callboard.url}`,
      `  token  ${token}`,
      `  see it: callboard top --url ${callboard.url} --token ${token}`,
      ...problems.map((p) => `  seed warning: ${p}`),
    ].join("\n"),
  );
  if (withTop) {
    const { runDashboard } = await import("../tui/run-dashboard.tsx");
    await runDashboard({ url: callboard.url, token });
    await stop();
    process.exit(0);
  }
  const onSignal = () => void stop().then(() => process.exit(0));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
