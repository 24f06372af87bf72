/**
 * The text of api replies, in FreeSWITCH 1.10's formats as captured in
 * test/fixtures/freeswitch/esl/frames: `show … as json`, `sofia status`,
 * `sofia xmlstatus`, `status`.
 */
import { create } from "xmlbuilder2";
import type { Channel } from "./channel.ts";
import { localDate, type SwitchIdentity } from "./event-headers.ts";
import { contactOf, type Gateway, type Registration } from "./sofia-model.ts";

/**
 * The captured build's version, as HEARTBEAT's FreeSWITCH-Version carries
 * it. `release` is the build's release tag: a simulator may say what it is.
 */
export const freeswitchVersion = (release = "release") => `1.10.12-${release}+git~20240802T210227Z~a88d069d6f~64bit`;
const versionLine = (release = "release") => `FreeSWITCH (Version 1.10.12-${release} git a88d069 2024-08-02 21:02:27Z 64bit) is ready`;

type Row = Record<string, string>;

/** `{"row_count": 0}` with a space when empty; compact rows otherwise (switch_console's JSON writer). */
function rowsJson(rows: Row[]): string {
  if (rows.length === 0) return '{"row_count": 0}\n';
  return JSON.stringify({ row_count: rows.length, rows });
}

function channelColumns(ch: Channel, id: SwitchIdentity): Row {
  const p = ch.profile;
  return {
    uuid: ch.uuid,
    direction: ch.direction,
    created: localDate(ch.createdMs, id.utcOffsetMinutes),
    created_epoch: String(Math.floor(ch.createdMs / 1000)),
    name: ch.name,
    state: ch.state,
    cid_name: p.callerIdName,
    cid_num: p.callerIdNumber,
    ip_addr: ch.ipAddr,
    dest: p.destinationNumber,
  };
}

const calleeName = (ch: Channel) => (ch.direction === "outbound" || ch.peer ? (ch.profile.calleeIdName ?? "") : "");
const calleeNum = (ch: Channel) => (ch.direction === "outbound" || ch.peer ? (ch.profile.calleeIdNumber ?? "") : "");
/** show channels reports an A leg's call_uuid only once it is bridged. */
const callUuidColumn = (ch: Channel) => (ch.originator ?? (ch.peer ? ch.uuid : ""));

/** Columns `show channels` and `show calls` share, in FreeSWITCH's order, after `hostname`/the leg columns. */
function presenceAndCalleeColumns(ch: Channel): Row {
  return {
    presence_id: ch.presenceId ?? "",
    presence_data: "",
    accountcode: "",
    callstate: ch.callState,
    callee_name: calleeName(ch),
    callee_num: calleeNum(ch),
    callee_direction: ch.calleeDirection,
  };
}

export function showChannelsJson(channels: Iterable<Channel>, id: SwitchIdentity): string {
  const rows: Row[] = [];
  for (const ch of channels) {
    const codec = ch.codec;
    rows.push({
      ...channelColumns(ch, id),
      application: ch.application,
      application_data: ch.applicationData,
      dialplan: "XML",
      context: ch.profile.context,
      read_codec: codec?.name ?? "",
      read_rate: codec ? String(codec.rate) : "",
      read_bit_rate: codec ? String(codec.bitRate) : "",
      write_codec: codec?.name ?? "",
      write_rate: codec ? String(codec.rate) : "",
      write_bit_rate: codec ? String(codec.bitRate) : "",
      secure: "",
      hostname: id.switchname,
      ...presenceAndCalleeColumns(ch),
      call_uuid: callUuidColumn(ch),
      sent_callee_name: ch.sentCallee?.name ?? "",
      sent_callee_num: ch.sentCallee?.number ?? "",
      initial_cid_name: ch.profile.origCallerIdName,
      initial_cid_num: ch.profile.origCallerIdNumber,
      initial_ip_addr: ch.ipAddr,
      initial_dest: ch.profile.destinationNumber,
      initial_dialplan: "XML",
      initial_context: ch.profile.context,
    });
  }
  return rowsJson(rows);
}

function callLegColumns(ch: Channel, id: SwitchIdentity): Row {
  return { ...channelColumns(ch, id), ...presenceAndCalleeColumns(ch) };
}

/** One row per call: the bridged B leg folds into its A leg's row as `b_*`. */
export function showCallsJson(channels: Map<string, Channel>, id: SwitchIdentity): string {
  const rows: Row[] = [];
  for (const ch of channels.values()) {
    if (ch.originator && ch.peer) continue;
    const b = ch.peer ? channels.get(ch.peer) : undefined;
    const a = callLegColumns(ch, id);
    const row: Row = {
      ...a,
      call_uuid: callUuidColumn(ch),
      hostname: id.switchname,
      sent_callee_name: ch.sentCallee?.name ?? "",
      sent_callee_num: ch.sentCallee?.number ?? "",
    };
    const bCols = b ? callLegColumns(b, id) : undefined;
    for (const key of Object.keys(a)) row[`b_${key}`] = bCols?.[key] ?? "";
    row.b_sent_callee_name = b?.sentCallee?.name ?? "";
    row.b_sent_callee_num = b?.sentCallee?.number ?? "";
    row.call_created_epoch = b ? String(Math.floor(b.profile.times.bridged / 1e6)) : "";
    rows.push(row);
  }
  return rowsJson(rows);
}

export function showRegistrationsJson(regs: Iterable<Registration>, hostname: string): string {
  const rows: Row[] = [];
  for (const r of regs) {
    rows.push({
      reg_user: r.user,
      realm: r.realm,
      token: r.callId,
      url: `sofia/internal/sip:${r.user}@${r.networkIp}:${r.networkPort}`,
      expires: String(r.expiresAt),
      network_ip: r.networkIp,
      network_port: String(r.networkPort),
      network_proto: "udp",
      hostname,
      metadata: "",
    });
  }
  return rowsJson(rows);
}

const RULE = "=".repeat(97);

export function sofiaStatus(gateways: Iterable<Gateway>, inUse: { internal: number; external: number }): string {
  const line = (name: string, type: string, data: string, state: string) =>
    `${name.padStart(25)}\t${type.padStart(7)}\t${data.padStart(42)}\t${state}\n`;
  let text = line("Name", "Type", "Data", "State") + `${RULE}\n`;
  text += line("external", "profile", "sip:mod_sofia@127.0.0.1:5080", `RUNNING (${inUse.external})`);
  for (const gw of gateways) text += line(`external::${gw.name}`, "gateway", `sip:${gw.username}@${gw.proxy}`, gw.state);
  text += line("internal", "profile", "sip:mod_sofia@127.0.0.1:5060", `RUNNING (${inUse.internal})`);
  return `${text}${RULE}\n2 profiles 0 aliases\n`;
}

function gatewayFacts(gw: Gateway, nowMs: number): [string, string][] {
  const [host = ""] = gw.proxy.split(":");
  return [
    ["name", gw.name], ["profile", gw.profile], ["scheme", "Digest"], ["realm", host], ["username", gw.username],
    ["password", "yes"], ["from", `<sip:${gw.username}@${gw.proxy}>`], ["contact", gw.localContact],
    ["exten", gw.username], ["to", `sip:${gw.username}@${gw.proxy}`], ["proxy", `sip:${gw.proxy}`],
    ["context", gw.context], ["expires", String(gw.expires)], ["freq", String(gw.expires)],
    ["uptime-usec", String(gw.upSinceMs === undefined ? 0 : Math.floor((nowMs - gw.upSinceMs) * 1000))],
  ];
}

export function sofiaStatusGateway(gw: Gateway, nowMs: number): string {
  const facts = new Map(gatewayFacts(gw, nowMs));
  const uptime = Math.floor(Number(facts.get("uptime-usec")) / 1e6);
  const lines: [string, string][] = [
    ["Name    ", gw.name], ["Profile ", gw.profile], ["Scheme  ", "Digest"], ["Realm   ", facts.get("realm")!],
    ["Username", gw.username], ["Password", "yes"], ["From    ", facts.get("from")!], ["Contact ", gw.localContact],
    ["Exten   ", gw.username], ["To      ", facts.get("to")!], ["Proxy   ", facts.get("proxy")!],
    ["Context ", gw.context], ["Expires ", String(gw.expires)], ["Freq    ", String(gw.expires)], ["Ping    ", "0"],
    ["PingFreq", "0"], ["PingTime", "0.00"], ["PingState", "0/0/0"], ["State   ", gw.state], ["Status  ", gw.status],
    ["Uptime  ", `${uptime}s`], ["CallsIN ", String(gw.callsIn)], ["CallsOUT", String(gw.callsOut)],
    ["FailedCallsIN", String(gw.failedCallsIn)], ["FailedCallsOUT", String(gw.failedCallsOut)],
  ];
  return `${RULE}\n${lines.map(([k, v]) => `${k}\t${v}\n`).join("")}${RULE}\n`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';

export function sofiaXmlstatusGateway(gw: Gateway, nowMs: number): string {
  const facts = new Map(gatewayFacts(gw, nowMs));
  const root = create().ele("gateway");
  const order = ["name", "profile", "scheme", "realm", "username", "password", "from", "contact", "exten", "to", "proxy", "context", "expires", "freq"];
  for (const key of order) root.ele(key).txt(facts.get(key)!);
  for (const key of ["ping", "pingfreq", "pingmin", "pingcount", "pingmax"]) root.ele(key).txt("0");
  root.ele("pingtime").txt("0.00");
  root.ele("pinging").txt("0");
  root.ele("state").txt(gw.state);
  root.ele("status").txt(gw.status);
  root.ele("uptime-usec").txt(facts.get("uptime-usec")!);
  root.ele("calls-in").txt(String(gw.callsIn));
  root.ele("calls-out").txt(String(gw.callsOut));
  root.ele("failed-calls-in").txt(String(gw.failedCallsIn));
  root.ele("failed-calls-out").txt(String(gw.failedCallsOut));
  if (gw.state === "FAIL_WAIT") root.ele("retry").txt(`${gw.retrySeconds}s`);
  return `${XML_DECLARATION}${root.end({ headless: true, prettyPrint: true, indent: "  ", offset: 1 })}\n`;
}

export function sofiaXmlstatusRegistrations(regs: Iterable<Registration>, nowMs: number, id: SwitchIdentity): string {
  const root = create().ele("profile");
  const list = root.ele("registrations");
  for (const r of regs) {
    const reg = list.ele("registration");
    const expiresIn = Math.max(0, r.expiresAt - Math.floor(nowMs / 1000));
    const facts: [string, string][] = [
      ["call-id", r.callId], ["user", `${r.user}@${r.realm}`], ["contact", contactOf(r)], ["agent", r.userAgent],
      ["status", `Registered(UDP)(unknown) exp(${localDate(r.expiresAt * 1000, id.utcOffsetMinutes)}) expsecs(${expiresIn})`],
      ["ping-status", "Reachable"], ["ping-time", "0.00"], ["host", id.switchname], ["network-ip", r.networkIp],
      ["network-port", String(r.networkPort)], ["sip-auth-user", r.user], ["sip-auth-realm", r.realm],
      ["mwi-account", `${r.user}@${r.realm}`],
    ];
    for (const [k, v] of facts) reg.ele(k).txt(v);
  }
  return `${XML_DECLARATION}${root.end({ headless: true, prettyPrint: true, indent: "  " })}\n`;
}

/** "0 years, 0 days, 0 hours, 1 minute, 0 seconds, 635 milliseconds, 708 microseconds" */
export function uptimeText(micros: number): string {
  const units: [string, number][] = [
    ["year", 365 * 86_400e6], ["day", 86_400e6], ["hour", 3_600e6], ["minute", 60e6], ["second", 1e6], ["millisecond", 1e3], ["microsecond", 1],
  ];
  let rest = Math.max(0, Math.floor(micros));
  return units
    .map(([unit, size]) => {
      const n = Math.floor(rest / size);
      rest -= n * size;
      return `${n} ${n === 1 ? unit : `${unit}s`}`;
    })
    .join(", ");
}

export function statusText(uptimeMicros: number, sessions: { since: number; now: number; peak: number }, release?: string): string {
  return [
    `UP ${uptimeText(uptimeMicros)}`,
    versionLine(release),
    `${sessions.since} session(s) since startup`,
    `${sessions.now} session(s) - peak ${sessions.peak}, last 5min ${sessions.peak} `,
    `0 session(s) per Sec out of max 30, peak ${sessions.peak}, last 5min ${sessions.peak} `,
    "100 session(s) max",
    "min idle cpu 0.00/98.23",
    "Current Stack Size/Max 240K/8192K",
    "",
  ].join("\n");
}
