import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { ConfigError, loadConfig } from "../src/config.ts";
import type { IvrMenuRow } from "../src/pbx/ivr-menus.ts";
import type { QueueRow } from "../src/pbx/queues.ts";
import { isSafeDir } from "../src/pbx/safe-values.ts";
import { renderCallcenter } from "../src/xmlcurl/render-callcenter.ts";
import { renderIvrConf } from "../src/xmlcurl/render-ivr.ts";
import { renderSofia } from "../src/xmlcurl/render-sofia.ts";
import { voicemailLeaveActions } from "../src/xmlcurl/render-voicemail.ts";
import { renderVoicemailConf } from "../src/xmlcurl/render-voicemail-conf.ts";

// Each renderer's own verdict on a directory: does it hand the dir to FreeSWITCH?
const menu: IvrMenuRow = {
  name: "main",
  greeting: "welcome",
  greetingShort: null,
  invalidSound: null,
  exitSound: null,
  options: [],
  directDial: false,
  timeoutSeconds: 5,
  maxFailures: 3,
  fallback: { type: "extension", target: "1001" },
  enabled: true,
};
const queue: QueueRow = {
  name: "support",
  strategy: "longest-idle-agent",
  musicOnHold: "hold",
  maxWaitSeconds: 60,
  noAgentMaxWaitSeconds: 20,
  fallback: { type: "hangup", target: "NO_ANSWER" },
  tiers: [],
  enabled: true,
};
const loopback = { sipIp: "127.0.0.1", rtpIp: "127.0.0.1" };
const verdicts = {
  ivr: (dir: string) => renderIvrConf(menu, dir).problems.length === 0,
  callcenter: (dir: string) => renderCallcenter([queue], [], { domain: "pbx.test", soundsDir: dir }).problems.length === 0,
  greeting: (dir: string) => {
    const problems: string[] = [];
    voicemailLeaveActions("1001", { greeting: "1001-abc.wav" }, { domain: "pbx.test", voicemailGreetings: dir }, problems);
    return problems.length === 0;
  },
  voicemailConf: (dir: string) => renderVoicemailConf(dir).problems.length === 0,
  sofiaTls: (dir: string) =>
    renderSofia([], {
      domain: "pbx.test",
      sip: { internal: { ...loopback, sipPort: 5060 }, external: { ...loopback, sipPort: 5080 }, tls: { port: 5061, certDir: dir } },
    }).problems.length === 0,
};

const loads = (env: Record<string, string>) => {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return undefined;
    throw err;
  }
};

describe("one rule for the directories FreeSWITCH is handed", () => {
  const dirs = ["/var/lib/callboard/sounds", "/var/lib/callboard/sounds/", "/srv/a..b", "/", "/srv/My PBX", "/srv/../etc", "/srv/x;y", '/srv/"x"', "/srv//x", "relative/dir"];
  for (const dir of dirs) {
    test(`${JSON.stringify(dir)}: every renderer agrees with isSafeDir (${isSafeDir(dir)})`, () => {
      const got = Object.fromEntries(Object.entries(verdicts).map(([name, verdict]) => [name, verdict(dir)]));
      expect(got).toEqual(Object.fromEntries(Object.keys(verdicts).map((name) => [name, isSafeDir(dir)])));
    });

    test(`${JSON.stringify(dir)}: the start accepts it exactly when the renderers will`, () => {
      expect(loads({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_CERT_DIR: dir }) !== undefined).toBe(isSafeDir(dir));
      // Paths are resolved at start: what must pass is the absolute path FreeSWITCH will be given.
      const sounds = loads({ CALLBOARD_SOUNDS_DIR: dir });
      expect(sounds !== undefined).toBe(isSafeDir(resolve(dir)));
      if (sounds) expect([verdicts.ivr(sounds.soundsDir), verdicts.callcenter(sounds.soundsDir)]).toEqual([true, true]);
      const voicemail = loads({ CALLBOARD_VOICEMAIL_DIR: dir });
      expect(voicemail !== undefined).toBe(isSafeDir(resolve(dir)));
      if (voicemail) expect([verdicts.greeting(voicemail.voicemail.greetings), verdicts.voicemailConf(voicemail.voicemail.messages)]).toEqual([true, true]);
    });
  }
});
