/**
 * One simulated call leg and how it starts out, modelled on the captured
 * sofia legs: an inbound leg from a phone (internal) or from the provider
 * (external), and an outbound leg towards a phone or through a gateway.
 */
import type { Header } from "./frames.ts";
import type { CallerProfile, ChannelSnapshot, Codec } from "./event-headers.ts";

export type LegKind = "phone-in" | "provider-in" | "phone-out" | "gateway-out";

/** A dialplan application the leg ran, under the caller profile that was current. */
export type AppRun = { name: string; data: string; stampMicros: number; profileIndex: number };

/** One recording of the leg; stopMicros is 0 while it runs. */
export type RecordingSpan = { path: string; startMicros: number; stopMicros: number; cause: string };

export type Channel = ChannelSnapshot & {
  kind: LegKind;
  createdMs: number;
  /** For show channels: the dialplan application running on the A leg. */
  application: string;
  applicationData: string;
  ipAddr: string;
  peer?: string;
  /** B legs know the A leg that originated them. */
  originator?: string;
  held: boolean;
  recordings: string[];
  /** What the CDR reports once the leg is gone: apps run, every recording, profiles before a transfer. */
  appLog: AppRun[];
  recorded: RecordingSpan[];
  history: CallerProfile[];
  gateway?: string;
  did?: string;
  sentCallee?: { name: string; number: string };
  calleeDirection: string;
  variablesMap: Map<string, string>;
  /** Digits the caller keyed (RFC 2833) that no application has read yet, oldest first. */
  dtmf: string;
  /** The application waiting for the caller's next key, if one is. */
  onDtmf?: () => void;
  /** What the running application does once the leg is hanging up, before CHANNEL_HANGUP_COMPLETE (voicemail stores its message). */
  appOnHangup?: () => void;
  /** Set once the scripted caller's key presses are on the clock. */
  keysScheduled?: boolean;
};

export const PCMU: Codec = { name: "PCMU", rate: 8000, bitRate: 64000 };

export type LegSpec = {
  uuid: string;
  kind: LegKind;
  callUuid: string;
  nowMicros: number;
  /** Caller id the leg shows. */
  callerName: string;
  callerNumber: string;
  destination: string;
  context: string;
  domain: string;
  /** The far end's SIP address, e.g. 127.0.0.1:5061 for a phone. */
  remote: { ip: string; port: number };
  userAgent: string;
  gateway?: string;
  sessionId: number;
  origCaller?: { name: string; number: string };
  /** For B legs: the A leg that originated it. */
  originator?: string;
  /** A phone's leg: the user's variables as the directory answered its digest lookup, in the answer's order. */
  directory?: readonly Header[];
};

function channelName(spec: LegSpec): string {
  switch (spec.kind) {
    case "phone-in":
      return `sofia/internal/${spec.callerNumber}@${spec.domain}`;
    case "provider-in":
      return `sofia/external/${spec.callerNumber}@${spec.remote.ip}`;
    case "phone-out":
      return `sofia/internal/${spec.destination}@${spec.remote.ip}:${spec.remote.port}`;
    case "gateway-out":
      return `sofia/external/${spec.destination}`;
  }
}

function initialVariables(spec: LegSpec, name: string): Map<string, string> {
  const inbound = spec.kind === "phone-in" || spec.kind === "provider-in";
  const profile = spec.kind === "phone-in" || spec.kind === "phone-out" ? "internal" : "external";
  const port = profile === "internal" ? 5060 : 5080;
  const v = new Map<string, string>([
    ["direction", inbound ? "inbound" : "outbound"],
    ["uuid", spec.uuid],
    ["call_uuid", spec.callUuid],
    ["session_id", String(spec.sessionId)],
  ]);
  if (inbound) {
    const from = `${spec.callerNumber}@${spec.kind === "phone-in" ? spec.domain : spec.remote.ip}`;
    v.set("sip_from_user", spec.callerNumber).set("sip_from_uri", from).set("sip_from_host", from.split("@")[1] ?? "");
    v.set("channel_name", name).set("sip_call_id", `${spec.sessionId}-${spec.uuid.slice(0, 8)}@${spec.remote.ip}`);
    v.set("sip_network_ip", spec.remote.ip).set("sip_network_port", String(spec.remote.port));
    v.set("sip_invite_stamp", String(spec.nowMicros)).set("sip_via_protocol", "udp");
    if (spec.kind === "phone-in") {
      v.set("sip_authorized", "true").set("sip_auth_username", spec.callerNumber).set("sip_auth_realm", spec.domain);
      const directory = spec.directory ?? [
        ["effective_caller_id_number", spec.callerNumber],
        ["effective_caller_id_name", spec.callerName],
        ["user_context", "default"],
      ];
      for (const [name, value] of directory) v.set(name, value);
      v.set("user_name", spec.callerNumber).set("domain_name", spec.domain);
    }
    v.set("sofia_profile_name", profile).set("sofia_profile_url", `sip:mod_sofia@127.0.0.1:${port}`);
    if (spec.kind === "phone-in" && spec.callerName !== spec.callerNumber) v.set("sip_from_display", spec.callerName);
    const display = spec.kind === "phone-in" && spec.callerName !== spec.callerNumber ? `"${spec.callerName}" ` : "";
    v.set("sip_full_from", `${display}<sip:${from}>;tag=${spec.sessionId}SimTag`);
    v.set("sip_full_to", `<sip:${spec.destination}@127.0.0.1>`);
    v.set("sip_req_user", spec.destination).set("sip_req_uri", `${spec.destination}@127.0.0.1:${port}`);
    v.set("sip_to_user", spec.destination).set("sip_to_uri", `${spec.destination}@127.0.0.1`).set("sip_to_host", "127.0.0.1");
    v.set("sip_user_agent", spec.userAgent);
    // The INVITE's Max-Forwards, which every transfer counts down.
    v.set("max_forwards", "70");
    v.set("read_codec", "PCMU").set("write_codec", "PCMU").set("endpoint_disposition", "RECEIVED");
  } else {
    v.set("sip_profile_name", profile).set("sofia_profile_name", profile);
    if (spec.gateway) v.set("sip_gateway_name", spec.gateway).set("sofia_profile_url", "sip:mod_sofia@127.0.0.1:5080");
    else v.set("dialed_user", spec.destination).set("dialed_domain", spec.domain);
    v.set("channel_name", name).set("originator", spec.callUuid);
    v.set("effective_caller_id_name", spec.callerName).set("effective_caller_id_number", spec.callerNumber);
  }
  return v;
}

export function newLeg(spec: LegSpec): Channel {
  const inbound = spec.kind === "phone-in" || spec.kind === "provider-in";
  const name = channelName(spec);
  const times = {
    profileCreated: spec.nowMicros,
    created: spec.nowMicros,
    answered: 0,
    progress: 0,
    progressMedia: 0,
    hangup: 0,
    transfer: 0,
    resurrect: 0,
    bridged: 0,
    lastHold: 0,
    holdAccum: 0,
  };
  const orig = spec.origCaller ?? { name: spec.callerName, number: spec.callerNumber };
  const profile: CallerProfile = {
    direction: inbound ? "inbound" : "outbound",
    logicalDirection: inbound ? "inbound" : "outbound",
    username: inbound ? spec.callerNumber : (spec.origCaller?.number ?? spec.callerNumber),
    dialplan: "XML",
    callerIdName: spec.callerName,
    callerIdNumber: spec.callerNumber,
    origCallerIdName: orig.name,
    origCallerIdNumber: orig.number,
    ...(inbound ? {} : { calleeIdName: "Outbound Call", calleeIdNumber: spec.destination }),
    networkAddr: spec.remote.ip,
    ani: spec.callerNumber,
    destinationNumber: spec.destination,
    uniqueId: spec.uuid,
    source: "mod_sofia",
    context: spec.context,
    channelName: name,
    profileIndex: 1,
    times,
  };
  const variablesMap = initialVariables(spec, name);
  return {
    kind: spec.kind,
    state: "CS_INIT",
    callState: "DOWN",
    stateNumber: 2,
    name,
    uuid: spec.uuid,
    direction: inbound ? "inbound" : "outbound",
    hitDialplan: inbound,
    ...(spec.kind === "phone-out" ? { presenceId: `${spec.destination}@${spec.domain}` } : {}),
    callUuid: spec.callUuid,
    answerState: "ringing",
    ...(inbound ? { codec: PCMU } : {}),
    profile,
    variablesMap,
    get variables(): Header[] {
      return [...variablesMap];
    },
    createdMs: Math.floor(spec.nowMicros / 1000),
    application: "",
    applicationData: "",
    ipAddr: spec.remote.ip,
    held: false,
    recordings: [],
    appLog: [],
    recorded: [],
    history: [],
    calleeDirection: "",
    dtmf: "",
    ...(spec.gateway ? { gateway: spec.gateway } : {}),
    ...(spec.originator ? { originator: spec.originator } : {}),
    ...(spec.kind === "provider-in" ? { did: spec.destination } : {}),
  };
}

/** A frozen copy of a profile, as FreeSWITCH keeps for the other leg. */
export function profileCopy(p: CallerProfile): CallerProfile {
  return { ...p, times: { ...p.times } };
}
