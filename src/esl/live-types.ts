import type { SipTransport } from "../pbx/sip-transport.ts";
/**
 * The live picture of the PBX, as the API stream sends it and the TUI shows
 * it. Times are Unix milliseconds.
 */

export type ChannelState = "ringing" | "early" | "answered" | "held" | "hangup";

export type Channel = {
  uuid: string;
  /** FreeSWITCH's channel name, e.g. sofia/internal/1001@call.example.uz */
  name: string;
  direction: "inbound" | "outbound";
  state: ChannelState;
  callerNumber: string;
  callerName: string;
  calleeNumber: string;
  calleeName: string;
  /** The number dialled (Caller-Destination-Number). */
  destination: string;
  context?: string;
  /** The callboard extension this leg belongs to, when it is a phone's leg. */
  extension?: string;
  gateway?: string;
  did?: string;
  createdAt: number;
  answeredAt?: number;
  held: boolean;
  recording: boolean;
  recordingPath?: string;
  bridgedTo?: string;
  /** The A leg's uuid of the call this channel belongs to. */
  callId: string;
  readCodec?: string;
  writeCodec?: string;
  remoteIp?: string;
  remotePort?: number;
};

export type Call = {
  /** The A leg's uuid. */
  id: string;
  legs: string[];
  state: "ringing" | "active" | "held";
  direction: "inbound" | "outbound" | "internal";
  from: string;
  fromName: string;
  to: string;
  did?: string;
  gateway?: string;
  createdAt: number;
  answeredAt?: number;
  recording: boolean;
};

export type Registration = {
  /** user@realm/contact-uri: one binding per registered device (a user may register several). */
  id: string;
  user: string;
  realm: string;
  contact: string;
  /** The contact as FreeSWITCH dials it: the URI with its parameters (fs_nat, fs_path), no display name. */
  dialUri: string;
  networkIp: string;
  networkPort: number;
  /** How the phone reached the profile: udp, tcp, tls (its contact, as sofia tells them apart). */
  transport: SipTransport;
  userAgent: string;
  expiresAt: number;
  profile: string;
};

export type GatewayStatus = {
  name: string;
  /** FreeSWITCH's state: REGED, TRYING, FAILED, FAIL_WAIT, UNREGED, NOREG, DOWN… */
  state: string;
  /** Ping status: UP or DOWN, when FreeSWITCH reports it. */
  pingStatus?: string;
  /** Last SIP status, e.g. "503 Service Unavailable". */
  lastStatus?: string;
  since: number;
};

export type SwitchStatus = {
  esl: "connecting" | "connected" | "disconnected";
  /** When `esl` last changed: how long the picture may have been stale. */
  eslSince?: number;
  version?: string;
  /** Moment FreeSWITCH started, so uptime ticks without events. */
  upSince?: number;
  sessions?: number;
  lastHeartbeatAt?: number;
};

/** A caller in a call-centre queue (a mod_callcenter member), from member-queue-start until member-queue-end. */
export type QueueCaller = {
  /** mod_callcenter's member uuid. */
  id: string;
  queue: string;
  /** The caller's channel (CC-Member-Session-UUID). */
  channel: string;
  callerNumber: string;
  callerName: string;
  joinedAt: number;
  /** waiting: hearing music on hold; answered: bridged to `agent`. */
  state: "waiting" | "answered";
  agent?: string;
  answeredAt?: number;
};

/** A queue agent as mod_callcenter has it: status (Available, On Break, Logged Out) and state (Waiting, Receiving, In a queue call, Idle). */
export type QueueAgentState = {
  /** The agent's name: its extension number. */
  name: string;
  status: string;
  state: string;
  /** When status or state last changed. */
  since: number;
};

export type LiveSnapshot = {
  seq: number;
  channels: Channel[];
  calls: Call[];
  registrations: Registration[];
  gateways: GatewayStatus[];
  queueCallers: QueueCaller[];
  queueAgents: QueueAgentState[];
  status: SwitchStatus;
};

type Upsert<K extends string, V> = { kind: K; op: "upsert"; key: string; value: V };
type Remove<K extends string> = { kind: K; op: "remove"; key: string };

export type LiveChange = { seq: number } & (
  | Upsert<"channel", Channel>
  | Remove<"channel">
  | Upsert<"call", Call>
  | Remove<"call">
  | Upsert<"registration", Registration>
  | Remove<"registration">
  | Upsert<"gateway", GatewayStatus>
  | Remove<"gateway">
  | Upsert<"queueCaller", QueueCaller>
  | Remove<"queueCaller">
  | Upsert<"queueAgent", QueueAgentState>
  | Remove<"queueAgent">
  | { kind: "status"; op: "upsert"; key: "status"; value: SwitchStatus }
);

/** What `GET /api/v1/events` sends, one JSON object per WebSocket message. */
export type StreamMessage = ({ type: "snapshot" } & LiveSnapshot) | ({ type: "change" } & LiveChange);

/** Read side of the live state: the API and the events stream use only this. */
export interface LiveView {
  snapshot(): LiveSnapshot;
  subscribe(listener: (change: LiveChange) => void): () => void;
}
