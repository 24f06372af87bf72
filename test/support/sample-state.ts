import type { Call, Channel, GatewayStatus, LiveSnapshot, Registration } from "../../src/tui/api-types.ts";

/** Believable live rows for the dashboard's tests and its bench; `n` makes each one distinct. */

const NAMES = ["Оператор", "Qo'ng'iroq markazi", "Dilnoza", "Азиз", "Sales"];

export function sampleChannel(n: number, at: number, over: Partial<Channel> = {}): Channel {
  const ext = String(1001 + (n % 200));
  const uuid = `${n.toString(16).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return {
    uuid,
    name: `sofia/internal/${ext}@call.example.uz`,
    direction: n % 2 === 0 ? "inbound" : "outbound",
    state: n % 5 === 0 ? "ringing" : "answered",
    callerNumber: ext,
    callerName: NAMES[n % NAMES.length]!,
    calleeNumber: `99890${String(1_000_000 + n).slice(-7)}`,
    calleeName: "",
    destination: `99890${String(1_000_000 + n).slice(-7)}`,
    extension: ext,
    gateway: n % 2 === 1 ? "belluz" : undefined,
    did: n % 2 === 0 ? "+998712000100" : undefined,
    createdAt: at - (n % 600) * 1000,
    answeredAt: n % 5 === 0 ? undefined : at - (n % 500) * 1000,
    held: n % 7 === 3,
    recording: n % 4 === 1,
    callId: uuid,
    readCodec: "PCMA",
    writeCodec: "PCMA",
    remoteIp: `192.168.1.${n % 250}`,
    remotePort: 5060,
    ...over,
  };
}

export function sampleCall(ch: Channel): Call {
  return {
    id: ch.callId,
    legs: [ch.uuid],
    state: ch.state === "ringing" ? "ringing" : ch.held ? "held" : "active",
    direction: ch.gateway ? "outbound" : ch.did ? "inbound" : "internal",
    from: ch.callerNumber,
    fromName: ch.callerName,
    to: ch.destination,
    did: ch.did,
    gateway: ch.gateway,
    createdAt: ch.createdAt,
    answeredAt: ch.answeredAt,
    recording: ch.recording,
  };
}

export function sampleRegistration(n: number, at: number): Registration {
  const user = String(1001 + n);
  return {
    id: `${user}@call.example.uz`,
    user,
    realm: "call.example.uz",
    contact: `sip:${user}@192.168.1.${10 + (n % 200)}:5060`,
    dialUri: `sip:${user}@192.168.1.${10 + (n % 200)}:5060`,
    networkIp: `192.168.1.${10 + (n % 200)}`,
    networkPort: 5060,
    transport: "udp",
    userAgent: "MicroSIP/3.21.3",
    expiresAt: at + 60_000 + n * 1000,
    profile: "internal",
  };
}

export function sampleGateways(at: number): GatewayStatus[] {
  return [
    { name: "belluz", state: "REGED", pingStatus: "UP", lastStatus: "200 OK", since: at - 3_600_000 },
    { name: "backup", state: "FAIL_WAIT", pingStatus: "DOWN", lastStatus: "503 Service Unavailable", since: at - 90_000 },
  ];
}

export function sampleSnapshot(at: number, channels = 6, over: Partial<LiveSnapshot> = {}): LiveSnapshot {
  const chs = Array.from({ length: channels }, (_, i) => sampleChannel(i + 1, at));
  return {
    seq: 1,
    channels: chs,
    calls: chs.map(sampleCall),
    registrations: Array.from({ length: 4 }, (_, i) => sampleRegistration(i, at)),
    gateways: sampleGateways(at),
    queueCallers: [],
    queueAgents: [],
    status: { esl: "connected", version: "1.10.12-release 64bit", upSince: at - 93_784_000, sessions: channels },
    ...over,
  };
}
