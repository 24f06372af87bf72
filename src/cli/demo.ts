import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../api/auth/tokens.ts";
import { loadConfig } from "../config.ts";
import { openDb } from "../db/client.ts";
import { createSecretBox } from "../db/secret-box.ts";
import { createEslClient } from "../esl/esl-client.ts";
import type { LiveView } from "../esl/live-types.ts";
import { createLogger } from "../log.ts";
import { playCallCentreDay } from "../sim/call-centre-day.ts";
import { postJsonCdrs, startEslSimulator } from "../sim/index.ts";
import { commands } from "./commands.ts";
import { startServices } from "./start-services.ts";
import { parseFlags, UsageError } from "./usage.ts";

/** Marks every status the dashboard and the API see as SIMULATED, without touching the live store. */
export function simulatedView(live: LiveView): LiveView {
  return {
    snapshot: () => {
      const s = live.snapshot();
      return { ...s, status: { ...s.status, simulated: true } };
    },
    subscribe: (listener) =>
      live.subscribe((change) => listener(change.kind === "status" ? { ...change, value: { ...change.value, simulated: true } } : change)),
  };
}

const AGENTS = ["Dilnoza Karimova", "Азиз Рахимов", "Jasur Toshmatov", "Malika Yusupova", "Ольга Ким", "Bekzod Aliyev", "Nodira Saidova", "Sardor Umarov", "Гульнара Исмаилова", "Timur Nazarov"];
const DIDS = ["998785553322", "998785553323", "998712001100"];

/** Demo rows through the REST API itself, so they pass the same validation as an admin's. */
async function seed(url: string, token: string) {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.ok ? undefined : `${path}: ${res.status} ${(await res.text()).slice(0, 160)}`;
  };
  const problems: string[] = [];
  for (const [i, name] of AGENTS.entries()) {
    const p = await post("/extensions", { number: String(1001 + i), name: name.replace(/[^\p{L}\p{N} ]/gu, "") });
    if (p) problems.push(p);
  }
  const gw = await post("/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "Demo-provider-pass-2024" });
  if (gw) problems.push(gw);
  for (const [i, number] of DIDS.entries()) {
    const p = await post("/dids", { number, gateway: "belluz", destination: { type: "extension", target: String(1001 + i) } });
    if (p) problems.push(p);
  }
  return problems;
}

export async function runDemo(args: string[]) {
  const help = commands.demo!.help;
  const { values } = parseFlags(args, { "no-top": { type: "boolean" }, port: { type: "string" }, seed: { type: "string" }, speed: { type: "string" } }, help);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port: 0-65535 (0 picks a free one)");
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0 && speed <= 100)) throw new UsageError("--speed: a number above 0, at most 100");
  const seedValue = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  const withTop = !values["no-top"];

  const dataDir = mkdtempSync(join(tmpdir(), "callboard-demo-"));
  const config = loadConfig({
    CALLBOARD_DATA_DIR: dataDir,
    CALLBOARD_HTTP_HOST: "127.0.0.1",
    CALLBOARD_HTTP_PORT: String(port),
    CALLBOARD_DOMAIN: "call.example.uz",
    CALLBOARD_LOG_LEVEL: withTop ? "silent" : "warn",
    CALLBOARD_DEMO: "true",
  });
  const log = createLogger(config.logLevel);
  const password = crypto.randomUUID();
  const sim = await startEslSimulator({ password });
  const db = openDb(":memory:");
  const token = createToken(db, "demo", "admin");
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password, log });
  const services = startServices({ db, config, log, esl, secrets: createSecretBox(Buffer.alloc(32, 42)) }, simulatedView);
  const server = services.server;
  const problems = await seed(server.url, token);
  // The simulator stands in for mod_json_cdr too, so the demo's CDRs (and `:cdrs` in top) fill up.
  const cdrPoster = postJsonCdrs(sim.model, {
    url: `${server.url}/freeswitch/cdr`,
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
    await services.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  console.log(
    [
      `callboard demo: a simulated FreeSWITCH playing a call-centre day (seed ${seedValue}, speed ${speed}×)`,
      `  URL    ${server.url}`,
      `  token  ${token}`,
      `  see it: callboard top --url ${server.url} --token ${token}`,
      ...problems.map((p) => `  seed warning: ${p}`),
    ].join("\n"),
  );
  if (withTop) {
    const { runDashboard } = await import("../tui/run-dashboard.tsx");
    await runDashboard({ url: server.url, token });
    await stop();
    process.exit(0);
  }
  const onSignal = () => void stop().then(() => process.exit(0));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
