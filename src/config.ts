import { readdirSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { HOST_NAME, isSafeDir, SAFE_DIR_RULE } from "./pbx/safe-values.ts";
import { isTimeZone } from "./pbx/time-conditions.ts";

const port = z.coerce.number().int().min(0).max(65535);
const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));
const sipPort = z.coerce.number().int().min(1).max(65535);
const onOff = z.enum(["on", "off"]);
// sofia takes one IPv4 address per profile and silently swaps 0.0.0.0 for its own guess.
const bindAddress = z
  .ipv4("must be an IPv4 address of this host")
  .refine((ip) => ip !== "0.0.0.0", "FreeSWITCH binds one address, not 0.0.0.0: name it");

/** The machine's first non-internal IPv4 address: what phones on the LAN would reach. */
function primaryAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

const schema = z.object({
  CALLBOARD_DATA_DIR: z.string().min(1).default("./data"),
  CALLBOARD_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
  CALLBOARD_HTTP_PORT: port.default(8080),
  // The renderers re-check every value against HOST_NAME: a domain they would refuse must fail here, at start.
  CALLBOARD_DOMAIN: z.string().regex(HOST_NAME, "must be a host name or IPv4 address, e.g. call.example.uz").optional(),
  CALLBOARD_PUBLIC_IP: z.ipv4().optional(),
  // sofia.conf's sip-ip/rtp-ip: unset lets FreeSWITCH bind the address of its default route.
  CALLBOARD_SIP_IP: bindAddress.optional(),
  CALLBOARD_RTP_IP: bindAddress.optional(),
  CALLBOARD_INTERNAL_SIP_IP: bindAddress.optional(),
  CALLBOARD_EXTERNAL_SIP_IP: bindAddress.optional(),
  CALLBOARD_INTERNAL_SIP_PORT: sipPort.default(5060),
  CALLBOARD_EXTERNAL_SIP_PORT: sipPort.default(5080),
  // Phones over TLS: a second listener on the internal profile (docs/tls.md).
  CALLBOARD_SIP_TLS: onOff.default("off"),
  CALLBOARD_SIP_TLS_PORT: sipPort.default(5061),
  // sofia.conf's tls-cert-dir: where FreeSWITCH reads agent.pem and cafile.pem.
  CALLBOARD_SIP_TLS_CERT_DIR: z.string().refine(isSafeDir, SAFE_DIR_RULE).default("/etc/freeswitch/tls"),
  // SRTP on the legs of phones that use TLS; plain-UDP phones are left as they are.
  CALLBOARD_SRTP: z.enum(["off", "offer", "require"]).default("off"),
  CALLBOARD_RTP_START: port.default(16384),
  CALLBOARD_RTP_END: port.default(32768),
  CALLBOARD_XMLCURL_ALLOW: csv.default(["127.0.0.1", "::1"]),
  // FreeSWITCH's own door to xml_curl (src/xmlcurl/xmlcurl-listener.ts); the API port serves the same answers.
  CALLBOARD_XMLCURL_HOST: z.string().min(1).default("127.0.0.1"),
  CALLBOARD_XMLCURL_PORT: port.default(8081),
  CALLBOARD_XMLCURL_USER: z.string().min(1).optional(),
  CALLBOARD_XMLCURL_PASSWORD: z.string().min(1).optional(),
  // Prometheus on these addresses scrapes /metrics without a token.
  CALLBOARD_METRICS_ALLOW: csv.default(["127.0.0.1", "::1"]),
  // Unset: pretty on a terminal, JSON lines otherwise (systemd, docker, a pipe).
  CALLBOARD_LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
  CALLBOARD_ESL_HOST: z.string().min(1).default("127.0.0.1"),
  CALLBOARD_ESL_PORT: port.default(8021),
  CALLBOARD_ESL_PASSWORD: z.string().min(1).default("ClueCon"),
  CALLBOARD_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes in base64")
    .optional(),
  CALLBOARD_RECORDINGS_DIR: z.string().min(1).optional(),
  // Uploaded greetings and music FreeSWITCH plays; unset: `sounds` beside the data dir.
  CALLBOARD_SOUNDS_DIR: z.string().min(1).optional(),
  // mod_voicemail's storage (messages/, written by FreeSWITCH) and the uploaded greetings (greetings/, by callboard).
  CALLBOARD_VOICEMAIL_DIR: z.string().min(1).optional(),
  // json_cdr.conf's err-log-dir, where FreeSWITCH parks CDRs it could not deliver; unset: its usual places.
  CALLBOARD_CDR_SPOOL_DIR: z.string().min(1).optional(),
  CALLBOARD_CDR_REPLAY_INTERVAL: z.coerce.number().int().min(1).max(3600).default(30),
  CALLBOARD_RING_TIMEOUT: z.coerce.number().int().min(5).max(300).default(30),
  // The wall clock time conditions read: an IANA zone Intl knows; Uzbekistan is UTC+5 all year.
  CALLBOARD_TIME_ZONE: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Tashkent or Europe/Berlin").default("Asia/Tashkent"),
  CALLBOARD_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

/** Where one sofia profile listens; an address left undefined is FreeSWITCH's guess. */
export type SipBinding = { sipIp?: string; rtpIp?: string; sipPort: number };

/** The internal profile's TLS listener: the port, and the directory holding agent.pem (key + certificate) and cafile.pem. */
export type SipTls = { port: number; certDir: string };

/**
 * SRTP (SDES, a=crypto) on the legs of phones registered over TLS: `off`
 * leaves FreeSWITCH's defaults (it accepts SRTP a phone offers, never offers
 * it), `offer` also offers it when calling such a phone, `require` refuses
 * their calls without it. Keys travel in the SDP, so over plain UDP SRTP
 * would hide nothing: it is tied to TLS.
 */
export type SrtpMode = "off" | "offer" | "require";

export type Config = {
  dataDir: string;
  http: { host: string; port: number };
  domain: string;
  publicIp?: string;
  sip: { internal: SipBinding; external: SipBinding; tls?: SipTls };
  srtp: SrtpMode;
  rtp: { start: number; end: number };
  xmlcurl: { allow: string[]; basicAuth?: { user: string; password: string }; listen: { host: string; port: number } };
  metrics: { allow: string[] };
  /** undefined: the logger decides by whether stdout is a terminal. */
  logFormat?: "pretty" | "json";
  esl: { host: string; port: number; password: string; stockPassword: boolean };
  secretKey?: string;
  recordingsDir: string;
  /** The recordings stay in the 0700 data dir because an older install put them there (docs/recordings.md). */
  recordingsInDataDir: boolean;
  /** Where uploaded sounds are kept (POST /api/v1/sounds): callboard writes, FreeSWITCH reads. */
  soundsDir: string;
  /**
   * `messages`: mod_voicemail's storage-dir (`<messages>/<domain>/<box>/msg_<uuid>.wav`);
   * `greetings`: the greetings uploaded over REST, read by FreeSWITCH.
   */
  voicemail: { dir: string; messages: string; greetings: string };
  /** dir undefined: look for FreeSWITCH's default error directories (src/cdr/cdr-spool-dir.ts). */
  cdrSpool: { dir?: string; intervalMs: number };
  ringTimeout: number;
  /** The IANA zone whose wall clock opens and closes time conditions. */
  timeZone: string;
  logLevel: string;
};

export class ConfigError extends Error {}

/** A profile's own address wins over the shared one; media follows the profile's signalling unless told otherwise. */
function sipBindings(e: z.infer<typeof schema>): Config["sip"] {
  const binding = (sipIp: string | undefined, sipPort: number): SipBinding => ({ sipIp, rtpIp: e.CALLBOARD_RTP_IP ?? sipIp, sipPort });
  return {
    internal: binding(e.CALLBOARD_INTERNAL_SIP_IP ?? e.CALLBOARD_SIP_IP, e.CALLBOARD_INTERNAL_SIP_PORT),
    external: binding(e.CALLBOARD_EXTERNAL_SIP_IP ?? e.CALLBOARD_SIP_IP, e.CALLBOARD_EXTERNAL_SIP_PORT),
    ...(e.CALLBOARD_SIP_TLS === "on" ? { tls: { port: e.CALLBOARD_SIP_TLS_PORT, certDir: e.CALLBOARD_SIP_TLS_CERT_DIR.replace(/(.)\/+$/, "$1") } } : {}),
  };
}

/** The TLS listener shares the internal profile's address: its port must be one no other listener there takes. */
function tlsProblem(sip: Config["sip"], srtp: SrtpMode): string | undefined {
  if (!sip.tls) return srtp === "off" ? undefined : "CALLBOARD_SRTP: SRTP is for phones on TLS: set CALLBOARD_SIP_TLS=on too, or CALLBOARD_SRTP=off";
  if (sip.tls.port === sip.internal.sipPort) return "CALLBOARD_SIP_TLS_PORT: must differ from CALLBOARD_INTERNAL_SIP_PORT (sofia binds TCP there too)";
  if (sip.internal.sipIp === sip.external.sipIp && sip.tls.port === sip.external.sipPort) {
    return "CALLBOARD_SIP_TLS_PORT: must differ from CALLBOARD_EXTERNAL_SIP_PORT while both profiles bind the same address";
  }
  return undefined;
}

/**
 * Recordings go beside the data dir, not in it: the data dir is 0700 and
 * FreeSWITCH writes them as its own user. An install whose recordings already
 * fill <data>/recordings keeps it, because their rows name those paths.
 */
function recordingsLocation(dataDir: string, configured: string | undefined): Pick<Config, "recordingsDir" | "recordingsInDataDir"> {
  if (configured) return { recordingsDir: resolve(configured), recordingsInDataDir: false };
  const inDataDir = join(dataDir, "recordings");
  let kept = false;
  try {
    kept = readdirSync(inDataDir).length > 0;
  } catch {
    // No such directory: nothing to keep.
  }
  return kept ? { recordingsDir: inDataDir, recordingsInDataDir: true } : { recordingsDir: join(dirname(dataDir), "recordings"), recordingsInDataDir: false };
}

/** Beside the data dir like the recordings, and for the same reason: FreeSWITCH writes there as its own user. */
function voicemailLocation(dataDir: string, configured: string | undefined): Config["voicemail"] {
  const dir = configured ? resolve(configured) : join(dirname(dataDir), "voicemail");
  return { dir, messages: join(dir, "messages"), greetings: join(dir, "greetings") };
}

/**
 * The sounds and voicemail dirs reach FreeSWITCH as is, and every renderer
 * refuses one that fails isSafeDir: refuse it here, naming the variable,
 * rather than let each call fail. A default is judged too, since it comes
 * from CALLBOARD_DATA_DIR.
 */
function dirProblem(variable: string, dir: string, configured: boolean): string | undefined {
  if (isSafeDir(dir)) return undefined;
  if (configured) return `${variable}: ${SAFE_DIR_RULE} (got ${dir})`;
  return `${variable}: unset, so ${dir}, beside CALLBOARD_DATA_DIR; FreeSWITCH reads it, so it ${SAFE_DIR_RULE}: set ${variable} or move the data dir`;
}

/** Parses the environment once; every other module receives the result. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.CALLBOARD_RTP_START >= e.CALLBOARD_RTP_END) {
    throw new ConfigError("invalid environment:\n  CALLBOARD_RTP_START: must be below CALLBOARD_RTP_END");
  }
  if (Boolean(e.CALLBOARD_XMLCURL_USER) !== Boolean(e.CALLBOARD_XMLCURL_PASSWORD)) {
    throw new ConfigError(
      "invalid environment:\n  CALLBOARD_XMLCURL_PASSWORD: set both CALLBOARD_XMLCURL_USER and CALLBOARD_XMLCURL_PASSWORD, or neither",
    );
  }
  if (e.CALLBOARD_XMLCURL_PORT !== 0 && e.CALLBOARD_XMLCURL_PORT === e.CALLBOARD_HTTP_PORT) {
    throw new ConfigError("invalid environment:\n  CALLBOARD_XMLCURL_PORT: must differ from CALLBOARD_HTTP_PORT (the xml_curl listener has a port of its own)");
  }
  const sip = sipBindings(e);
  if (sip.internal.sipIp === sip.external.sipIp && sip.internal.sipPort === sip.external.sipPort) {
    throw new ConfigError(
      "invalid environment:\n  CALLBOARD_EXTERNAL_SIP_PORT: must differ from CALLBOARD_INTERNAL_SIP_PORT while both profiles bind the same address",
    );
  }
  const tls = tlsProblem(sip, e.CALLBOARD_SRTP);
  if (tls) throw new ConfigError(`invalid environment:\n  ${tls}`);
  const dataDir = resolve(e.CALLBOARD_DATA_DIR);
  const soundsDir = e.CALLBOARD_SOUNDS_DIR ? resolve(e.CALLBOARD_SOUNDS_DIR) : join(dirname(dataDir), "sounds");
  const voicemail = voicemailLocation(dataDir, e.CALLBOARD_VOICEMAIL_DIR);
  const dirs = [
    dirProblem("CALLBOARD_SOUNDS_DIR", soundsDir, Boolean(e.CALLBOARD_SOUNDS_DIR)),
    dirProblem("CALLBOARD_VOICEMAIL_DIR", voicemail.dir, Boolean(e.CALLBOARD_VOICEMAIL_DIR)),
  ].filter(Boolean);
  if (dirs.length > 0) throw new ConfigError(`invalid environment:\n  ${dirs.join("\n  ")}`);
  return {
    dataDir,
    http: { host: e.CALLBOARD_HTTP_HOST, port: e.CALLBOARD_HTTP_PORT },
    domain: e.CALLBOARD_DOMAIN ?? primaryAddress(),
    publicIp: e.CALLBOARD_PUBLIC_IP,
    sip,
    srtp: e.CALLBOARD_SRTP,
    rtp: { start: e.CALLBOARD_RTP_START, end: e.CALLBOARD_RTP_END },
    xmlcurl: {
      allow: e.CALLBOARD_XMLCURL_ALLOW,
      basicAuth:
        e.CALLBOARD_XMLCURL_USER && e.CALLBOARD_XMLCURL_PASSWORD
          ? { user: e.CALLBOARD_XMLCURL_USER, password: e.CALLBOARD_XMLCURL_PASSWORD }
          : undefined,
      listen: { host: e.CALLBOARD_XMLCURL_HOST, port: e.CALLBOARD_XMLCURL_PORT },
    },
    metrics: { allow: e.CALLBOARD_METRICS_ALLOW },
    logFormat: e.CALLBOARD_LOG_FORMAT,
    esl: {
      host: e.CALLBOARD_ESL_HOST,
      port: e.CALLBOARD_ESL_PORT,
      password: e.CALLBOARD_ESL_PASSWORD,
      stockPassword: e.CALLBOARD_ESL_PASSWORD === "ClueCon",
    },
    secretKey: e.CALLBOARD_SECRET_KEY,
    ...recordingsLocation(dataDir, e.CALLBOARD_RECORDINGS_DIR),
    // Like the recordings, out of the 0700 data dir: FreeSWITCH must read them.
    soundsDir,
    voicemail,
    cdrSpool: {
      dir: e.CALLBOARD_CDR_SPOOL_DIR === undefined ? undefined : resolve(e.CALLBOARD_CDR_SPOOL_DIR),
      intervalMs: e.CALLBOARD_CDR_REPLAY_INTERVAL * 1000,
    },
    ringTimeout: e.CALLBOARD_RING_TIMEOUT,
    timeZone: e.CALLBOARD_TIME_ZONE,
    logLevel: e.CALLBOARD_LOG_LEVEL,
  };
}

/** The admin token `serve` keeps (0600) so `callboard top` and `doctor` on the same box need no flags. */
export const localTokenFile = (dataDir: string) => join(dataDir, "local.token");
