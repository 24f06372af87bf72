import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";

/**
 * End to end in a real terminal: `callboard demo --no-top` serves a simulated
 * call centre, `callboard top` runs in a tmux pane, and the test types into it
 * and reads the screen back with `capture-pane`, as a sysadmin would see it.
 */
const CLI = join(import.meta.dir, "..", "bin", "callboard");
const SOCKET = `callboard-test-${process.pid}`;

/**
 * A sysadmin's terminal, not a CI job: Ink (is-in-ci) draws nothing until exit
 * when CI, CONTINUOUS_INTEGRATION or any CI_* variable is set, and CI runs
 * this suite with CI=true. The tmux server, and so every pane, starts without them.
 */
const TERMINAL_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "CONTINUOUS_INTEGRATION" && !k.startsWith("CI_")),
);

function tmux(...args: string[]): string {
  const r = Bun.spawnSync(["tmux", "-L", SOCKET, ...args], { stdout: "pipe", stderr: "pipe", env: TERMINAL_ENV });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

const screen = (target: string) => tmux("capture-pane", "-p", "-t", target);

/** Polls the pane until `ok` holds; fails with the last screen after the deadline. */
async function waitForScreen(target: string, ok: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = screen(target);
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await Bun.sleep(100);
  }
}

const rows = (s: string) => s.split("\n").filter((l) => /^[←→↔] /.test(l));

afterAll(() => {
  Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"]);
});

describe("callboard top in a terminal", () => {
  test("filter, then hang up a call with ctrl-d and y, against callboard demo", async () => {
    tmux("new-session", "-d", "-s", "cb", "-n", "demo", "-x", "120", "-y", "30", `${CLI} demo --no-top --seed 7`);
    const banner = await waitForScreen("cb:demo", (s) => /token\s+cb_\S+/.test(s), "the demo banner");
    const url = banner.match(/URL\s+(http:\/\/\S+)/)![1]!;
    const token = banner.match(/token\s+(cb_\S+)/)![1]!;

    tmux("new-window", "-t", "cb", "-n", "top", `${CLI} top --url ${url} --token ${token}`);
    await waitForScreen("cb:top", (s) => s.includes("SIMULATED") && s.includes("ESL connected"), "the dashboard");
    await waitForScreen("cb:top", (s) => rows(s).some((r) => / answered /.test(r)), "an answered channel", 60_000);

    tmux("send-keys", "-t", "cb:top", "/", "answered", "Enter");
    const filtered = await waitForScreen("cb:top", (s) => s.includes("/answered") && / of \d+/.test(s), "the filter");
    expect(rows(filtered).length).toBeGreaterThan(0);
    expect(rows(filtered).every((r) => / answered /.test(r))).toBe(true);

    // Newest first, so the call chosen is the one least likely to end on its own meanwhile.
    tmux("send-keys", "-t", "cb:top", "D");
    await waitForScreen("cb:top", (s) => s.includes("DURATION↑"), "ascending durations");
    tmux("send-keys", "-t", "cb:top", "C-d");
    const asked = await waitForScreen("cb:top", (s) => /Hang up .+\? \(y\/n\)/.test(s), "the confirmation");
    const label = asked.match(/Hang up (.+?)\? \(y\/n\)/)![1]!;
    tmux("send-keys", "-t", "cb:top", "y");
    await waitForScreen("cb:top", (s) => s.includes(`hung up ${label}`), "the hang-up to succeed");
    const [from, to] = label.split(" → ");
    await waitForScreen("cb:top", (s) => !rows(s).some((r) => r.includes(from!) && r.includes(to!)), "the call to leave the table");

    tmux("send-keys", "-t", "cb:top", "q");
    const deadline = Date.now() + 10_000;
    while (tmux("list-windows", "-t", "cb", "-F", "#{window_name}").split("\n").includes("top")) {
      if (Date.now() > deadline) throw new Error(`q did not quit; screen:\n${screen("cb:top")}`);
      await Bun.sleep(100);
    }
  }, 120_000);
});
