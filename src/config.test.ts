import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, loadConfig } from "./config.ts";

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError");
};

describe("the environment callboard starts from", () => {
  test("an empty environment gives loopback defaults and FreeSWITCH's stock ESL settings, flagged", () => {
    const c = loadConfig({});
    expect(c.http).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(c.esl).toEqual({ host: "127.0.0.1", port: 8021, password: "ClueCon", stockPassword: true });
    expect(c.xmlcurl).toEqual({ allow: ["127.0.0.1", "::1"], basicAuth: undefined, listen: { host: "127.0.0.1", port: 8081 } });
    expect(c.dataDir.endsWith("/data")).toBe(true);
    expect(c.recordingsDir).toBe(join(dirname(c.dataDir), "recordings"));
    expect(c.recordingsInDataDir).toBe(false);
    expect(c.ringTimeout).toBe(30);
  });

  test("values are parsed: ports as numbers, lists split on commas, an own ESL password unflagged", () => {
    const c = loadConfig({
      CALLBOARD_HTTP_PORT: "9090",
      CALLBOARD_XMLCURL_ALLOW: "127.0.0.1, 10.0.0.0/8",
      CALLBOARD_ESL_PASSWORD: "s3cret-pw",
      CALLBOARD_DOMAIN: "call.example.uz",
      CALLBOARD_XMLCURL_USER: "fs",
      CALLBOARD_XMLCURL_PASSWORD: "pw",
    });
    expect(c.http.port).toBe(9090);
    expect(c.xmlcurl.allow).toEqual(["127.0.0.1", "10.0.0.0/8"]);
    expect(c.xmlcurl.basicAuth).toEqual({ user: "fs", password: "pw" });
    expect(c.esl.stockPassword).toBe(false);
    expect(c.domain).toBe("call.example.uz");
  });

  test("a bad value stops the start with a message naming the variable", () => {
    expect(failure({ CALLBOARD_HTTP_PORT: "80a" })).toContain("CALLBOARD_HTTP_PORT");
    expect(failure({ CALLBOARD_PUBLIC_IP: "203.0.113" })).toContain("CALLBOARD_PUBLIC_IP");
    expect(failure({ CALLBOARD_RTP_START: "30000", CALLBOARD_RTP_END: "20000" })).toContain("CALLBOARD_RTP_START");
    expect(failure({ CALLBOARD_XMLCURL_USER: "fs" })).toContain("CALLBOARD_XMLCURL_PASSWORD");
    expect(failure({ CALLBOARD_SECRET_KEY: "short" })).toContain("CALLBOARD_SECRET_KEY");
  });

  test("FreeSWITCH's xml_curl listener takes a port of its own: 8081 unless told, never the API's", () => {
    expect(loadConfig({ CALLBOARD_XMLCURL_HOST: "10.0.0.5", CALLBOARD_XMLCURL_PORT: "9091" }).xmlcurl.listen).toEqual({ host: "10.0.0.5", port: 9091 });
    expect(failure({ CALLBOARD_XMLCURL_PORT: "8080" })).toContain("CALLBOARD_XMLCURL_PORT: must differ from CALLBOARD_HTTP_PORT");
    expect(failure({ CALLBOARD_XMLCURL_PORT: "70000" })).toContain("CALLBOARD_XMLCURL_PORT");
    expect(loadConfig({ CALLBOARD_HTTP_PORT: "0", CALLBOARD_XMLCURL_PORT: "0" }).xmlcurl.listen.port).toBe(0);
  });

  test("/metrics is open to loopback scrapers and the log format follows the terminal unless set", () => {
    expect(loadConfig({}).metrics).toEqual({ allow: ["127.0.0.1", "::1"] });
    expect(loadConfig({}).logFormat).toBeUndefined();
    const set = loadConfig({ CALLBOARD_METRICS_ALLOW: "10.0.0.5, fd00::/8", CALLBOARD_LOG_FORMAT: "json" });
    expect(set.metrics.allow).toEqual(["10.0.0.5", "fd00::/8"]);
    expect(set.logFormat).toBe("json");
    expect(failure({ CALLBOARD_LOG_FORMAT: "yaml" })).toContain("CALLBOARD_LOG_FORMAT");
  });

  test("SIP profiles listen on 5060 and 5080 at FreeSWITCH's guessed address unless told otherwise", () => {
    expect(loadConfig({}).sip).toEqual({ internal: { sipPort: 5060 }, external: { sipPort: 5080 } });
  });

  test("CALLBOARD_SIP_IP binds both profiles, RTP follows each profile's SIP address, a profile's own address wins", () => {
    const both = loadConfig({ CALLBOARD_SIP_IP: "127.0.0.1", CALLBOARD_INTERNAL_SIP_PORT: "25060", CALLBOARD_EXTERNAL_SIP_PORT: "25080" });
    expect(both.sip).toEqual({
      internal: { sipIp: "127.0.0.1", rtpIp: "127.0.0.1", sipPort: 25060 },
      external: { sipIp: "127.0.0.1", rtpIp: "127.0.0.1", sipPort: 25080 },
    });
    const split = loadConfig({ CALLBOARD_SIP_IP: "10.0.0.5", CALLBOARD_EXTERNAL_SIP_IP: "203.0.113.10" });
    expect(split.sip.internal).toEqual({ sipIp: "10.0.0.5", rtpIp: "10.0.0.5", sipPort: 5060 });
    expect(split.sip.external).toEqual({ sipIp: "203.0.113.10", rtpIp: "203.0.113.10", sipPort: 5080 });
    const media = loadConfig({ CALLBOARD_INTERNAL_SIP_IP: "192.168.1.5", CALLBOARD_RTP_IP: "192.168.2.5" });
    expect(media.sip.internal).toEqual({ sipIp: "192.168.1.5", rtpIp: "192.168.2.5", sipPort: 5060 });
    expect(media.sip.external).toEqual({ sipIp: undefined, rtpIp: "192.168.2.5", sipPort: 5080 });
  });

  test("a bind address FreeSWITCH cannot take, or two profiles on one address and port, stop the start", () => {
    for (const bad of ["0.0.0.0", "::1", "10.0.0", "127.0.0.1\"/><x", "eth0"]) {
      expect(failure({ CALLBOARD_SIP_IP: bad })).toContain("CALLBOARD_SIP_IP");
    }
    expect(failure({ CALLBOARD_INTERNAL_SIP_IP: "0.0.0.0" })).toContain("CALLBOARD_INTERNAL_SIP_IP");
    expect(failure({ CALLBOARD_EXTERNAL_SIP_IP: "203.0.113" })).toContain("CALLBOARD_EXTERNAL_SIP_IP");
    expect(failure({ CALLBOARD_RTP_IP: "0.0.0.0" })).toContain("CALLBOARD_RTP_IP");
    expect(failure({ CALLBOARD_INTERNAL_SIP_PORT: "0" })).toContain("CALLBOARD_INTERNAL_SIP_PORT");
    expect(failure({ CALLBOARD_EXTERNAL_SIP_PORT: "65536" })).toContain("CALLBOARD_EXTERNAL_SIP_PORT");
    expect(failure({ CALLBOARD_EXTERNAL_SIP_PORT: "5060" })).toContain("CALLBOARD_EXTERNAL_SIP_PORT");
    expect(failure({ CALLBOARD_SIP_IP: "127.0.0.1", CALLBOARD_INTERNAL_SIP_PORT: "5080" })).toContain("CALLBOARD_EXTERNAL_SIP_PORT");
    // Two addresses may share a port.
    const apart = { CALLBOARD_INTERNAL_SIP_IP: "10.0.0.5", CALLBOARD_EXTERNAL_SIP_IP: "203.0.113.10", CALLBOARD_EXTERNAL_SIP_PORT: "5060" };
    expect(loadConfig(apart).sip.external.sipPort).toBe(5060);
  });

  test("a SIP domain the XML renderers would refuse is refused at start, not at the first REGISTER", () => {
    for (const bad of ["call.example.uz.", "-bad.uz", "a..b", "call_example.uz", "call.example.uz$${x}"]) {
      expect(failure({ CALLBOARD_DOMAIN: bad })).toContain("CALLBOARD_DOMAIN");
    }
  });
});

describe("phones over TLS and SRTP", () => {
  test("off unless CALLBOARD_SIP_TLS=on; then 5061 and FreeSWITCH's packaged cert dir unless told otherwise", () => {
    expect(loadConfig({}).sip.tls).toBeUndefined();
    expect(loadConfig({}).srtp).toBe("off");
    expect(loadConfig({ CALLBOARD_SIP_TLS: "on" }).sip.tls).toEqual({ port: 5061, certDir: "/etc/freeswitch/tls" });
    const set = loadConfig({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_PORT: "5071", CALLBOARD_SIP_TLS_CERT_DIR: "/srv/pbx/tls/", CALLBOARD_SRTP: "require" });
    expect(set.sip.tls).toEqual({ port: 5071, certDir: "/srv/pbx/tls" });
    expect(set.srtp).toBe("require");
  });

  test("a cert dir sofia.conf could not carry, a port another listener has, or SRTP without TLS stop the start", () => {
    expect(failure({ CALLBOARD_SIP_TLS: "yes" })).toContain("CALLBOARD_SIP_TLS");
    for (const dir of ["etc/tls", "/etc/free switch", '/etc/"x"', "/etc/../root", "/etc/tls;rm"]) {
      expect(failure({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_CERT_DIR: dir })).toContain("CALLBOARD_SIP_TLS_CERT_DIR");
    }
    expect(failure({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_PORT: "5060" })).toContain("CALLBOARD_SIP_TLS_PORT: must differ from CALLBOARD_INTERNAL_SIP_PORT");
    expect(failure({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_PORT: "5080" })).toContain("CALLBOARD_SIP_TLS_PORT: must differ from CALLBOARD_EXTERNAL_SIP_PORT");
    expect(failure({ CALLBOARD_SRTP: "require" })).toContain("CALLBOARD_SRTP: SRTP is for phones on TLS");
    expect(failure({ CALLBOARD_SIP_TLS: "on", CALLBOARD_SRTP: "always" })).toContain("CALLBOARD_SRTP");
  });
});

describe("the PBX's time zone", () => {
  test("Asia/Tashkent unless CALLBOARD_TIME_ZONE names another zone Intl knows; a made-up one fails at start", () => {
    expect(loadConfig({}).timeZone).toBe("Asia/Tashkent");
    expect(loadConfig({ CALLBOARD_TIME_ZONE: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
    expect(failure({ CALLBOARD_TIME_ZONE: "Mars/Olympus" })).toContain("CALLBOARD_TIME_ZONE");
  });
});

describe("where recordings go", () => {
  const root = mkdtempSync(join(tmpdir(), "callboard-config-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("beside the data dir, which FreeSWITCH cannot enter; CALLBOARD_RECORDINGS_DIR wins", () => {
    expect(loadConfig({ CALLBOARD_DATA_DIR: join(root, "fresh/data") }).recordingsDir).toBe(join(root, "fresh/recordings"));
    const set = loadConfig({ CALLBOARD_DATA_DIR: join(root, "fresh/data"), CALLBOARD_RECORDINGS_DIR: "/srv/recordings/" });
    expect(set).toMatchObject({ recordingsDir: "/srv/recordings", recordingsInDataDir: false });
  });

  test("an install with anything in <data>/recordings keeps it, flagged; an empty one is left behind", () => {
    const dataDir = join(root, "old/data");
    mkdirSync(join(dataDir, "recordings"), { recursive: true });
    expect(loadConfig({ CALLBOARD_DATA_DIR: dataDir }).recordingsDir).toBe(join(root, "old/recordings"));
    mkdirSync(join(dataDir, "recordings/2026/11/02"), { recursive: true });
    writeFileSync(join(dataDir, "recordings/2026/11/02/a.wav"), "RIFF");
    expect(loadConfig({ CALLBOARD_DATA_DIR: dataDir })).toMatchObject({ recordingsDir: join(dataDir, "recordings"), recordingsInDataDir: true });
    // An explicit setting is never second-guessed.
    expect(loadConfig({ CALLBOARD_DATA_DIR: dataDir, CALLBOARD_RECORDINGS_DIR: join(root, "new") }).recordingsInDataDir).toBe(false);
  });
});

describe("the directories FreeSWITCH reads callboard's sounds and voicemail from", () => {
  test("beside the data dir unless set; a path the renderers would refuse stops the start, naming the variable", () => {
    const c = loadConfig({ CALLBOARD_DATA_DIR: "/var/lib/callboard/data" });
    expect(c.soundsDir).toBe("/var/lib/callboard/sounds");
    expect(c.voicemail).toEqual({ dir: "/var/lib/callboard/voicemail", messages: "/var/lib/callboard/voicemail/messages", greetings: "/var/lib/callboard/voicemail/greetings" });
    for (const bad of ["/srv/My PBX/sounds", "/srv/$${x}", "/srv/a;b"]) {
      expect(failure({ CALLBOARD_SOUNDS_DIR: bad })).toContain(`CALLBOARD_SOUNDS_DIR: must be an absolute directory path`);
      expect(failure({ CALLBOARD_VOICEMAIL_DIR: bad })).toContain(`CALLBOARD_VOICEMAIL_DIR: must be an absolute directory path`);
    }
  });

  test("a data dir whose neighbours would be refused fails at start unless both dirs are set elsewhere", () => {
    const message = failure({ CALLBOARD_DATA_DIR: "/srv/My PBX/data" });
    expect(message).toContain("CALLBOARD_SOUNDS_DIR: unset, so /srv/My PBX/sounds, beside CALLBOARD_DATA_DIR");
    expect(message).toContain("CALLBOARD_VOICEMAIL_DIR: unset, so /srv/My PBX/voicemail, beside CALLBOARD_DATA_DIR");
    const moved = loadConfig({ CALLBOARD_DATA_DIR: "/srv/My PBX/data", CALLBOARD_SOUNDS_DIR: "/srv/pbx/sounds", CALLBOARD_VOICEMAIL_DIR: "/srv/pbx/voicemail" });
    expect([moved.soundsDir, moved.voicemail.dir]).toEqual(["/srv/pbx/sounds", "/srv/pbx/voicemail"]);
  });
});
