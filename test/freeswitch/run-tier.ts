/**
 * `npm run test:freeswitch`: the real-FreeSWITCH tier. Skips (exit 0) when
 * CALLBOARD_TEST_FREESWITCH does not name a binary; otherwise runs
 * test/freeswitch/*.test.ts, inside a private network namespace when it can
 * make one (root + unshare), so nothing FreeSWITCH guesses leaves loopback.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const binary = process.env.CALLBOARD_TEST_FREESWITCH;
if (!binary) {
  console.log("test:freeswitch skipped: set CALLBOARD_TEST_FREESWITCH to a FreeSWITCH 1.10 binary to run the real-FreeSWITCH tier");
  process.exit(0);
}
if (!existsSync(binary)) {
  console.error(`test:freeswitch: CALLBOARD_TEST_FREESWITCH=${binary} does not exist`);
  process.exit(1);
}
if (spawnSync("sipp", ["-v"]).error) {
  console.error("test:freeswitch: sipp is not on PATH (Debian: apt-get install sip-tester)");
  process.exit(1);
}

// bunfig.toml keeps this tier out of `npm test`; an explicit pattern list replaces that exclusion here.
// Arguments narrow the run to matching files of the tier (`npm run test:freeswitch -- calls`).
const filters = process.argv.slice(2).map((f) => (f.startsWith("-") ? f : `test/freeswitch/${f}`));
const testArgs = ["test", "--path-ignore-patterns=node_modules/**", "--timeout=120000", ...(filters.length ? filters : ["./test/freeswitch/"])];
const inNamespace = process.env.CALLBOARD_TIER_NETNS === "1";
const canUnshare = !inNamespace && process.getuid?.() === 0 && !spawnSync("unshare", ["-n", "true"]).error && spawnSync("unshare", ["-n", "true"]).status === 0;

const run = canUnshare
  ? spawnSync("unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', process.execPath, ...testArgs], {
      stdio: "inherit",
      env: { ...process.env, CALLBOARD_TIER_NETNS: "1" },
    })
  : spawnSync(process.execPath, testArgs, { stdio: "inherit" });
if (!canUnshare && !inNamespace) console.log("test:freeswitch ran in the host's network namespace (no root or unshare): every socket is bound to 127.0.0.1");
process.exit(run.status ?? 1);
