/**
 * callboard configured as `callboard demo` configures it, answering the
 * simulator's xml_curl lookups — in-process (demoCallboard) or over real
 * sockets (bootDemo) — so simulated calls go where callboard sends them.
 */
import { createToken } from "../../src/db/tokens.ts";
import type { AppDeps } from "../../src/http/deps.ts";
import { createEslClient } from "../../src/esl/esl-client.ts";
import { DEMO_DOMAIN, seedDemoPbx } from "../../src/sim/demo-pbx.ts";
import { startEslSimulator, type EslSimulator, type ManualClock, type XmlCurlOptions } from "../../src/sim/index.ts";
import type { Timing } from "../../src/sim/switch-core.ts";
import { startSystem } from "../../src/system.ts";
import { testApp, testConfig, testDeps } from "./deps.ts";
import { until } from "./until.ts";
import { fromAddress } from "./xmlcurl-bodies.ts";

export type SimCallboard = ReturnType<typeof testApp> & {
  /** What the simulator is given as its xml_curl: callboard's app, reached from 127.0.0.1. */
  xmlCurl: XmlCurlOptions;
  /** Every body the simulator POSTed, in order. */
  asked: string[];
};

/** callboard's app answering in-process: no socket, for tests on a manual clock. */
export async function demoCallboard(overrides: Partial<AppDeps> = {}): Promise<SimCallboard> {
  const harness = testApp({ config: testConfig({ CALLBOARD_DOMAIN: DEMO_DOMAIN }), ...overrides });
  const problems = await seedDemoPbx(async (path, body, method = "POST") => harness.call(method, `/api/v1${path}`, body));
  if (problems.length > 0) throw new Error(`the demo PBX was refused:\n${problems.join("\n")}`);
  const asked: string[] = [];
  const xmlCurl: XmlCurlOptions = {
    url: "http://127.0.0.1/freeswitch/xml",
    fetch: (url, init) => {
      asked.push(String(init.body));
      return Promise.resolve(harness.app.request(url, init, fromAddress("127.0.0.1")));
    },
  };
  return { ...harness, xmlCurl, asked };
}

/**
 * The demo's wiring on real sockets: the simulator, callboard (startSystem)
 * connected to it over ESL, the simulator's xml_curl pointed at callboard's
 * port, and the demo PBX created through the REST API.
 */
export async function bootDemo(env: Record<string, string> = {}, timing: Partial<Timing> = {}) {
  const password = "pw-sim-e2e";
  const sim = await startEslSimulator({ port: 0, password, heartbeatSeconds: 0, domain: DEMO_DOMAIN, timing });
  const base = testDeps({ config: testConfig({ CALLBOARD_DOMAIN: DEMO_DOMAIN, CALLBOARD_ESL_PASSWORD: password, ...env }) });
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password, log: base.log });
  const { live: _unused, ...parts } = base;
  const system = startSystem({ ...parts, esl });
  const url = system.url;
  const token = createToken(base.db, "sim-e2e", "admin");
  sim.useXmlCurl({ url: `${url}/freeswitch/xml` });
  const problems = await seedDemoPbx((path, body, method = "POST") =>
    fetch(`${url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  const stop = async () => {
    await sim.close();
    await system.stop();
  };
  if (problems.length > 0) {
    await stop();
    throw new Error(`the demo PBX was refused:\n${problems.join("\n")}`);
  }
  await until("ESL connected", () => system.live.snapshot().status.esl === "connected");
  return { sim, system, url, token, db: base.db, stop };
}

/** Moves a manual clock on in 10 ms steps, letting callboard answer each lookup before time moves again. */
export async function play(sim: EslSimulator, clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    clock.advance(10);
    await sim.settled();
  }
}
