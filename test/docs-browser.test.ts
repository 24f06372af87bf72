/**
 * /api/docs as a person sees it, on a box with no internet: Debian's
 * headless Chromium loads the page from a real callboard on 127.0.0.1 with
 * every host name made unresolvable, renders Swagger UI, and must show the
 * operations. Chromium's own network log then proves it asked nothing but
 * callboard. The screenshot is left in the temporary directory printed.
 *
 * The test installs nothing: where there is no Chromium (CI has only Node
 * and npm) it is skipped and says so. CALLBOARD_TEST_CHROMIUM names
 * another binary.
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../src/db/tokens.ts";
import { startServer } from "../src/system.ts";
import { testDeps } from "./support/deps.ts";

const CHROMIUM = process.env.CALLBOARD_TEST_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`SKIPPED the headless-browser test of /api/docs: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CALLBOARD_TEST_CHROMIUM)`);
}

/** Headless, offline, and with a profile of its own that nothing else shares. Async: callboard answers it from this process. */
async function chromium(dir: string, ...args: string[]) {
  const run = Bun.spawn(
    [
      CHROMIUM,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${join(dir, "profile")}`,
      // No DNS: any CDN or other host the page tried would fail, as on an offline PBX.
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
      "--window-size=1280,2000",
      // Swagger UI fetches the document and renders after load; give it time that does not pass while requests wait.
      "--virtual-time-budget=20000",
      ...args,
    ],
    { stdout: "pipe", stderr: "pipe", timeout: 90_000 },
  );
  const [stdout, stderr, code] = await Promise.all([new Response(run.stdout).text(), new Response(run.stderr).text(), run.exited]);
  return { ok: code === 0, stdout, stderr };
}

/** URLs of the requests a page started, from Chromium's net log (--log-net-log). */
function pageRequests(netlogFile: string): string[] {
  const log = JSON.parse(readFileSync(netlogFile, "utf8")) as {
    constants: { logEventTypes: Record<string, number> };
    events: { type: number; params?: { url?: string; initiator?: string } }[];
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params?.url && e.params.initiator && e.params.initiator !== "not an origin")
    .map((e) => e.params!.url!);
}

const deps = testDeps();
const server = haveChromium ? startServer(deps) : undefined;
afterAll(() => server?.stop());

test.skipIf(!haveChromium)(
  "Chromium with no internet renders /api/docs with every operation, asking nothing of any host but callboard",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "callboard-docs-browser-"));
    const token = createToken(deps.db, "docs-browser", "viewer");
    const url = `${server!.url}/api/docs#token=${token}`;
    const document = (await (await fetch(`${server!.url}/api/openapi.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

    const dom = await chromium(dir, `--log-net-log=${join(dir, "netlog.json")}`, "--dump-dom", url);
    expect(dom.ok).toBe(true);
    // Swagger UI shows each operation's id (displayOperationId): every documented one is on the page.
    const shown = new Set([...dom.stdout.matchAll(/class="opblock-summary-operation-id"[^>]*>([A-Za-z]+)</g)].map((m) => m[1]));
    expect([...shown].sort()).toEqual(documented.sort());
    expect(dom.stdout).not.toContain("Failed to load API definition");

    // Everything the page asked for (Chromium's own update and account pings carry no page as initiator).
    const fromPage = pageRequests(join(dir, "netlog.json"));
    expect(fromPage.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(["/api/openapi.json", expect.stringMatching(/swagger-ui-bundle\.js$/)]));
    expect(new Set(fromPage.map((u) => new URL(u).origin))).toEqual(new Set([server!.url]));

    const shot = join(dir, "api-docs.png");
    expect((await chromium(dir, `--screenshot=${shot}`, url)).ok).toBe(true);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
    console.log(`/api/docs rendered offline: ${shown.size} operations; screenshot ${shot}`);
  },
  120_000,
);
