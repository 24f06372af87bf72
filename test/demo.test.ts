/**
 * What `callboard demo` changes about callboard: only its configuration.
 * The product does not know it is being demonstrated; the simulated switch
 * says what it is, the way any FreeSWITCH reports its version.
 */
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseSpoolDir } from "../src/cdr/cdr-spool-dir.ts";
import { demoConfig } from "../src/cli/demo.ts";
import { createEslClient } from "../src/esl/esl-client.ts";
import { createLiveStore } from "../src/esl/live-store.ts";
import { createLogger } from "../src/log.ts";
import { startEslSimulator } from "../src/sim/index.ts";
import { until } from "./support/until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

test("the demo replays parked CDRs only from its own spool in its throwaway data dir, never a real FreeSWITCH's; its recordings go there too", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "callboard-demo-test-"));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = demoConfig(dataDir, 0, true);
  // Even on a box where FreeSWITCH's default spool directories exist.
  expect(chooseSpoolDir(config.cdrSpool.dir, () => true)).toEqual({ dir: join(dataDir, "json_cdr_errors") });
  expect(config.recordingsDir).toBe(join(dataDir, "recordings"));
  expect(config.domain).toBe("call.example.uz");
  expect(config.http).toEqual({ host: "127.0.0.1", port: 0 });
});

test("the demo's switch reports itself as 1.10.12-SIMULATED, which is what the dashboard header shows", async () => {
  const log = createLogger("silent");
  const sim = await startEslSimulator({ password: "pw-demo", heartbeatSeconds: 0, identity: { release: "SIMULATED" } });
  const esl = createEslClient({ host: "127.0.0.1", port: sim.port, password: "pw-demo", log });
  const store = createLiveStore({ esl, log });
  cleanup.push(() => sim.close(), () => esl.close(), () => store.stop());
  await until("the version is known", () => store.snapshot().status.version !== undefined);
  expect(store.snapshot().status.version).toBe("1.10.12-SIMULATED");
});
