/**
 * One PBX for a test file: callboard first (FreeSWITCH fetches sofia.conf
 * from it while loading), then a fresh FreeSWITCH pointed at it, both on
 * 127.0.0.1 with ports chosen free, joined over ESL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "../../support/until.ts";
import { startCallboard, type RunningCallboard } from "./callboard.ts";
import { freeswitchDirs, startFreeswitch, type RunningFreeswitch } from "./freeswitch.ts";
import { freePort, freeUdpRange } from "./ports.ts";

export const DOMAIN = "pbx.test";

export type Tier = {
  cb: RunningCallboard & { token: string };
  fs: RunningFreeswitch;
  internal: string;
  external: string;
  /** FreeSWITCH's event socket, for a test's own view of the truth. */
  esl: { host: string; port: number; password: string };
  /** Stops callboard and starts it again on the same data dir, port and token. */
  restartCallboard(): Promise<void>;
  stopCallboard(): Promise<void>;
  startCallboardAgain(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * `now`: callboard's clock, for time conditions; FreeSWITCH keeps the real one.
 * `env`: more of callboard's settings (TLS, SRTP, a shorter ring timeout), on top of the tier's own.
 * `tap`: sees every request FreeSWITCH sends callboard (xml_curl, json_cdr) as
 * raw HTTP, through a proxy in between, for capturing fixtures.
 */
export async function startTier(options: { now?: () => number; env?: Record<string, string>; tap?: (raw: string) => void } = {}): Promise<Tier> {
  const dataDir = mkdtempSync(join(tmpdir(), "callboard-tier-"));
  const [httpPort, xmlcurlPort, eslPort, internalPort, externalPort, rtpStart] = [
    await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freeUdpRange(200),
  ];
  const eslPassword = `tier-${Math.random().toString(36).slice(2)}`;
  const fsDir = join(dataDir, "freeswitch");
  const fsDirs = freeswitchDirs(fsDir);
  const env = {
    CALLBOARD_DATA_DIR: dataDir,
    CALLBOARD_DOMAIN: DOMAIN,
    CALLBOARD_HTTP_PORT: String(httpPort),
    CALLBOARD_XMLCURL_PORT: String(xmlcurlPort),
    CALLBOARD_ESL_PORT: String(eslPort),
    CALLBOARD_ESL_PASSWORD: eslPassword,
    CALLBOARD_SIP_IP: "127.0.0.1",
    CALLBOARD_RTP_IP: "127.0.0.1",
    CALLBOARD_INTERNAL_SIP_PORT: String(internalPort),
    CALLBOARD_EXTERNAL_SIP_PORT: String(externalPort),
    CALLBOARD_RTP_START: String(rtpStart),
    CALLBOARD_RTP_END: String(rtpStart + 199),
    CALLBOARD_RECORDINGS_DIR: fsDirs.recordings,
    CALLBOARD_CDR_SPOOL_DIR: fsDirs.cdrErrors,
    CALLBOARD_VOICEMAIL_DIR: join(fsDir, "voicemail"),
    CALLBOARD_SOUNDS_DIR: join(dataDir, "sounds"),
    ...options.env,
  };

  const cb = await startCallboard(env, undefined, options.now);
  const proxy = options.tap && tapProxy(cb.url, options.tap);
  const fs = await startFreeswitch({
    dir: fsDir,
    callboardUrl: proxy ? `http://127.0.0.1:${proxy.port}` : cb.url,
    // A tap sees xml_curl's requests too: the proxy hands them to the API port, which answers the same.
    xmlcurlUrl: proxy ? `http://127.0.0.1:${proxy.port}` : cb.system.xmlcurlUrl,
    eslPort,
    eslPassword,
    domain: DOMAIN,
    rtpStart,
    rtpEnd: rtpStart + 199,
  });
  await until("callboard's ESL connected", () => cb.system.live.snapshot().status.esl === "connected", 15_000);

  const tier: Tier = {
    cb,
    fs,
    internal: `127.0.0.1:${internalPort}`,
    external: `127.0.0.1:${externalPort}`,
    esl: { host: "127.0.0.1", port: eslPort, password: eslPassword },
    stopCallboard: async () => {
      await tier.cb.stop();
    },
    startCallboardAgain: async () => {
      tier.cb = await startCallboard(env, tier.cb.token, options.now);
      await until("callboard's ESL connected", () => tier.cb.system.live.snapshot().status.esl === "connected", 15_000);
    },
    restartCallboard: async () => {
      await tier.stopCallboard();
      await tier.startCallboardAgain();
    },
    stop: async () => {
      proxy?.stop(true);
      await tier.cb.stop().catch(() => {});
      await fs.stop();
      // fs.stop() removed FreeSWITCH's dirs; the rest is callboard's.
      if (!process.env.CALLBOARD_TEST_KEEP) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return tier;
}

/** Forwards every request to callboard unchanged, handing each to `tap` first as FreeSWITCH sent it. */
function tapProxy(target: string, tap: (raw: string) => void) {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = await req.text();
      const head = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`, ...[...req.headers].map(([k, v]) => `${k}: ${v}`)].join("\r\n");
      tap(`${head}\r\n\r\n${body}`);
      return fetch(`${target}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body });
    },
  });
}
