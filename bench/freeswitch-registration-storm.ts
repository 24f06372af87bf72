/**
 * A registration storm on a real FreeSWITCH: every phone of the company
 * registering at once (after an outage, a switch restart), through callboard
 * and, as the baseline, with the same users written into FreeSWITCH's own
 * XML. sipp registers each user once per pass, at rising rates; printed is
 * the rate achieved and its ratio to the static XML's at the same offered
 * rate, for FreeSWITCH's cache warm (phones re-registering: FreeSWITCH
 * already holds the users) and cold (every REGISTER asks callboard, as after
 * a FreeSWITCH restart).
 *
 *   CALLBOARD_TEST_FREESWITCH=/opt/fs/bin/freeswitch npm run bench:freeswitch
 *
 * Opt-in like the real-FreeSWITCH tier (docs/freeswitch-tier.md): without
 * the variable it says so and exits 0. Two tiers run side by side, each a
 * callboard and a FreeSWITCH on 127.0.0.1.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { extensions } from "../src/db/schema.ts";
import { freePort } from "../test/freeswitch/support/ports.ts";
import { DOMAIN, startTier, type Tier } from "../test/freeswitch/support/tier.ts";
import { runStorm, usersFile, type Storm } from "./support/storm-sipp.ts";
import { serveUsersFromStaticXml } from "./support/storm-static-directory.ts";

const binary = process.env.CALLBOARD_TEST_FREESWITCH;
if (!binary || !existsSync(binary)) {
  console.log("bench:freeswitch skipped: set CALLBOARD_TEST_FREESWITCH to a FreeSWITCH 1.10 binary (docs/freeswitch-tier.md)");
  process.exit(0);
}

const USERS = Number(process.env.STORM_USERS ?? 3000);
const RATES = (process.env.STORM_RATES ?? "250,500,1000,2000").split(",").map(Number);
/** Passes per variant and rate, the order rotated each round; the median is printed. */
const ROUNDS = Number(process.env.STORM_ROUNDS ?? 3);
const users = Array.from({ length: USERS }, (_, i) => {
  const number = String(200000 + i);
  const password = `Storm-pass-${number}`;
  return { number, password, a1Hash: createHash("md5").update(`${number}:${DOMAIN}:${password}`).digest("hex") };
});
const file = usersFile(users);

async function tierWithUsers(): Promise<Tier> {
  const tier = await startTier();
  tier.cb.db.transaction((tx) => {
    for (let i = 0; i < users.length; i += 500) {
      tx.insert(extensions).values(users.slice(i, i + 500).map((u) => ({ number: u.number, name: `Phone ${u.number}`, a1Hash: u.a1Hash, realm: DOMAIN }))).run();
    }
  });
  return tier;
}

const viaCallboard = await tierWithUsers();
const staticXml = await tierWithUsers();
await serveUsersFromStaticXml(staticXml, DOMAIN, users);
const ports = { callboard: await freePort(), staticXml: await freePort() };
const storm = (tier: Tier, port: number, rate: number) => runStorm({ target: tier.internal, domain: DOMAIN, users: file, count: USERS, rate, port });
const flushAll = async () => {
  const r = await viaCallboard.cb.system.deps.esl.api("xml_flush_cache");
  if (!r.ok) throw new Error(`xml_flush_cache: ${r.message}`);
};

try {
  // Every phone registered once and again a second later: the contacts are known and FreeSWITCH holds every user.
  for (let pass = 0; pass < 2; pass++) {
    await storm(viaCallboard, ports.callboard, 500);
    await storm(staticXml, ports.staticXml, 500);
    await Bun.sleep(1_500);
  }
  const rows: { rate: number; staticXml: Storm; warm: Storm; cold: Storm }[] = [];
  console.log(`registration storm: ${USERS} phones, each once per pass, ${ROUNDS} passes per variant and rate (medians), sipp on 127.0.0.1 (FreeSWITCH ${binary})`);
  console.log(`${"offered/s".padStart(10)}${"static XML".padStart(12)}${"callboard warm".padStart(16)}${"×".padStart(6)}${"callboard cold".padStart(16)}${"×".padStart(6)}   mean ms static / warm / cold, failures`);
  const median = (runs: Storm[]) => [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!;
  for (const rate of RATES) {
    const runs: Record<"warm" | "staticXml" | "cold", Storm[]> = { warm: [], staticXml: [], cold: [] };
    const passes = {
      warm: () => storm(viaCallboard, ports.callboard, rate),
      staticXml: () => storm(staticXml, ports.staticXml, rate),
      // A cold pass leaves FreeSWITCH holding every user again: the next warm one is warm.
      cold: async () => (await flushAll(), storm(viaCallboard, ports.callboard, rate)),
    };
    const order = ["warm", "staticXml", "cold"] as const;
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const name = order[(k + round) % order.length]!;
        runs[name].push(await passes[name]());
      }
    }
    const [warm, s, cold] = [median(runs.warm), median(runs.staticXml), median(runs.cold)];
    rows.push({ rate, staticXml: s, warm, cold });
    const fmt = (x: number) => x.toFixed(0);
    console.log(
      `${String(rate).padStart(10)}${fmt(s.perSecond).padStart(12)}${fmt(warm.perSecond).padStart(16)}${(warm.perSecond / s.perSecond).toFixed(2).padStart(6)}` +
        `${fmt(cold.perSecond).padStart(16)}${(cold.perSecond / s.perSecond).toFixed(2).padStart(6)}` +
        `   ${s.meanMs.toFixed(1)} / ${warm.meanMs.toFixed(1)} / ${cold.meanMs.toFixed(1)}, ${s.failed}/${warm.failed}/${cold.failed}`,
    );
  }
  const out = resolve(import.meta.dir, "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "registration-storm.json"), `${JSON.stringify({ users: USERS, rows }, null, 2)}\n`);
  console.log("\nwrote bench/results/registration-storm.json");
} finally {
  await viaCallboard.stop();
  await staticXml.stop();
}
