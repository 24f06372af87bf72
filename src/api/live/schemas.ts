import { z } from "@hono/zod-openapi";
import { zExtensionNumber, zGatewayName, zPhoneNumber } from "../../pbx/safe-values.ts";
import { HANGUP_CAUSES } from "./call-commands.ts";

const ms = z.number().int().openapi({ description: "Unix milliseconds" });

export const zChannel = z
  .object({
    uuid: z.string(),
    name: z.string().openapi({ example: "sofia/internal/1001@call.example.uz" }),
    direction: z.enum(["inbound", "outbound"]),
    state: z.enum(["ringing", "early", "answered", "held", "hangup"]),
    callerNumber: z.string(),
    callerName: z.string(),
    calleeNumber: z.string(),
    calleeName: z.string(),
    destination: z.string(),
    context: z.string().optional(),
    extension: z.string().optional(),
    gateway: z.string().optional(),
    did: z.string().optional(),
    createdAt: ms,
    answeredAt: ms.optional(),
    held: z.boolean(),
    recording: z.boolean(),
    recordingPath: z.string().optional(),
    bridgedTo: z.string().optional(),
    callId: z.string(),
    readCodec: z.string().optional(),
    writeCodec: z.string().optional(),
    remoteIp: z.string().optional(),
    remotePort: z.number().int().optional(),
  })
  .openapi("Channel");

export const zCall = z
  .object({
    id: z.string().openapi({ description: "the A leg's uuid" }),
    legs: z.array(z.string()),
    state: z.enum(["ringing", "active", "held"]),
    direction: z.enum(["inbound", "outbound", "internal"]),
    from: z.string(),
    fromName: z.string(),
    to: z.string(),
    did: z.string().optional(),
    gateway: z.string().optional(),
    createdAt: ms,
    answeredAt: ms.optional(),
    recording: z.boolean(),
  })
  .openapi("Call");

export const zRegistration = z
  .object({
    id: z.string().openapi({ example: "1001@call.example.uz/sip:1001@192.168.1.20:5060" }),
    user: z.string(),
    realm: z.string(),
    contact: z.string(),
    dialUri: z.string().openapi({ description: "the contact as FreeSWITCH dials it, NAT parameters (fs_nat, fs_path) included" }),
    networkIp: z.string(),
    networkPort: z.number().int(),
    transport: z.enum(["udp", "tcp", "tls", "ws", "wss"]).openapi({ description: "how the phone reached FreeSWITCH, from its contact (`;transport=tls` or `sips:` is tls)", example: "tls" }),
    userAgent: z.string(),
    expiresAt: ms,
    profile: z.string(),
  })
  .openapi("Registration");

export const zGatewayStatus = z
  .object({
    name: z.string(),
    state: z.string().openapi({ example: "REGED" }),
    pingStatus: z.string().optional(),
    lastStatus: z.string().optional().openapi({ example: "503 Service Unavailable" }),
    since: ms,
  })
  .openapi("LiveGateway");

export const zQueueCaller = z
  .object({
    id: z.string().openapi({ description: "mod_callcenter's member uuid" }),
    queue: z.string().openapi({ example: "support" }),
    channel: z.string().openapi({ description: "the caller's channel uuid" }),
    callerNumber: z.string().openapi({ example: "998901112233" }),
    callerName: z.string(),
    joinedAt: ms,
    state: z.enum(["waiting", "answered"]),
    agent: z.string().optional().openapi({ description: "the agent's extension, once answered" }),
    answeredAt: ms.optional(),
  })
  .openapi("LiveQueueCaller");

export const zQueueAgentState = z
  .object({
    name: z.string().openapi({ example: "1001", description: "the agent's extension" }),
    status: z.string().openapi({ example: "Available", description: "Available, On Break, Logged Out (empty until FreeSWITCH reports it)" }),
    state: z.string().openapi({ example: "Waiting", description: "Waiting, Receiving, In a queue call, Idle (empty until FreeSWITCH reports it)" }),
    since: ms,
  })
  .openapi("LiveQueueAgent");

export const zSwitchStatus = z
  .object({
    esl: z.enum(["connecting", "connected", "disconnected"]),
    eslSince: ms.optional(),
    version: z.string().optional(),
    upSince: ms.optional(),
    uptimeSeconds: z.number().int().optional(),
    sessions: z.number().int().optional(),
    lastHeartbeatAt: ms.optional(),
  })
  .openapi("SwitchStatus");

export const zListOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      seq: z.number().int().openapi({ description: "the live state's sequence number this list reflects (see /events)" }),
    })
    .openapi(name);

export const zUuidParam = z.object({
  uuid: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a channel uuid")
    .transform((s) => s.toLowerCase())
    .openapi({ param: { name: "uuid", in: "path" }, example: "54807b2f-14e1-4eb5-ba4e-90a8f74ada69" }),
});

export const zClickToCall = z
  .strictObject({
    from: zExtensionNumber.meta({ example: "1001", description: "the agent's extension; its phone rings first" }),
    to: zPhoneNumber.meta({ example: "998901234567", description: "dialled from context default once the agent answers" }),
    gateway: zGatewayName.optional().meta({
      description: "expected gateway: refused (422) unless the matching outbound route uses it",
      example: "belluz",
    }),
  })
  .openapi("ClickToCall");

export const zHangupQuery = z.object({
  cause: z.enum(HANGUP_CAUSES).optional().openapi({ description: "FreeSWITCH hangup cause", example: "NORMAL_CLEARING" }),
});
export const zTransfer = z
  .strictObject({ to: zExtensionNumber.meta({ example: "1002", description: "an enabled extension; outside numbers are refused" }) })
  .openapi("Transfer");
export const zRecording = z.strictObject({ action: z.enum(["start", "stop"]) }).openapi("RecordingAction");
export const zListen = z.strictObject({ extension: zExtensionNumber.meta({ example: "1005" }) }).openapi("ListenIn");
export const zAccepted = z.object({ uuid: z.string() }).openapi("Accepted");
export const zDone = z.object({ ok: z.literal(true), message: z.string() }).openapi("CommandDone");
