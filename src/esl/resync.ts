import { opt } from "./live-channel.ts";
import { recomputeCalls } from "./live-calls.ts";
import { agentsFromList, callersFromMembers } from "./live-callcenter.ts";
import type { LiveState } from "./live-state.ts";
import type { Channel, GatewayStatus, Registration } from "./live-types.ts";
import { gatewayFromReport, type GatewayReport, parseGatewayXmlStatus } from "./parse-gateway-xmlstatus.ts";
import { parseSofiaStatusGateways, type SofiaStatusGateway } from "./parse-sofia-status.ts";
import { CALLCENTER_LISTS, parseAgentList, parseMemberList } from "./parse-callcenter-lists.ts";
import { parseRegistrations } from "./parse-registrations.ts";
import { bridgesFromCallRows, channelFromRow, parseRows } from "./parse-show-channels.ts";
import { parseStatus } from "./parse-status.ts";
import type { EslPort } from "./port.ts";

/**
 * The commands a resync sends first, in this order; then one
 * `sofia xmlstatus gateway <name>` per gateway `sofia status` listed. They
 * go out at once as `api` on the one connection, and FreeSWITCH runs a
 * connection's `api` commands one after another in that order (bgapi would
 * run them in threads of their own), so the channels and the calls that
 * bridge them are read from the switch one right after the other.
 */
export const RESYNC_COMMANDS = [
  "show channels as json",
  "show calls as json",
  "show registrations as json",
  "sofia status",
  "status",
] as const;

/**
 * Sent in the same batch, but optional: a switch without mod_callcenter
 * answers -ERR, and the simulator lists nothing. Without a list the queue
 * state is kept from the events, as before.
 */
export const RESYNC_CALLCENTER_COMMANDS = [CALLCENTER_LISTS.agents, CALLCENTER_LISTS.members] as const;

export type ResyncResult = { ok: true; next: Omit<LiveState, "ended"> } | { ok: false; message: string };

/**
 * Asks FreeSWITCH for everything it knows and builds the whole live picture
 * from it. Which channels, registrations and gateways exist comes only from
 * FreeSWITCH; details its tables lack (answer time, recording, user agent,
 * the last gateway SIP status) are kept from what the events told us before.
 */
export async function fetchLiveState(esl: EslPort, prev: LiveState, now: () => number, timeout: number): Promise<ResyncResult> {
  const [replies, [agentsReply, membersReply]] = await Promise.all([
    Promise.all(RESYNC_COMMANDS.map((cmd) => esl.api(cmd, { timeout }))),
    Promise.all(RESYNC_CALLCENTER_COMMANDS.map((cmd) => esl.api(cmd, { timeout }))),
  ]);
  const failed = replies.findIndex((r) => !r.ok);
  if (failed >= 0) {
    const r = replies[failed];
    return { ok: false, message: `${RESYNC_COMMANDS[failed]}: ${r && !r.ok ? `${r.kind} ${r.message}` : "failed"}` };
  }
  const [channelsReply, callsReply, regsReply, sofiaReply, statusReply] = replies.map((r) => (r.ok ? r.value : ""));
  const channelRows = parseRows(channelsReply ?? "");
  const callRows = parseRows(callsReply ?? "");
  const registrations = parseRegistrations(regsReply ?? "");
  const listed = parseSofiaStatusGateways(sofiaReply ?? "");
  const status = parseStatus(statusReply ?? "");
  if (!channelRows || !callRows || !registrations || !listed) return { ok: false, message: "unexpected reply to a show or sofia command" };
  const agents = agentsReply?.ok ? parseAgentList(agentsReply.value) : undefined;
  const members = membersReply?.ok ? parseMemberList(membersReply.value) : undefined;
  const gateways = await gatewayReports(esl, listed, timeout);
  const at = now();

  const channels = mergeChannels(channelRows.flatMap((row) => channelFromRow(row, at) ?? []), bridgesFromCallRows(callRows), prev);
  const calls = recomputeCalls(new Map(), channels, new Set([...channels.values()].map((c) => c.callId)));
  return {
    ok: true,
    next: {
      channels,
      calls,
      registrations: new Map(registrations.map((r) => [r.id, keepRegistrationDetails(r, prev.registrations.get(r.id))])),
      gateways: new Map(gateways.map((g) => [g.name, gatewayFromReport(g, prev.gateways.get(g.name), at)] as [string, GatewayStatus])),
      queueCallers: members
        ? callersFromMembers(members, (uuid) => channels.has(uuid), prev.queueCallers)
        : new Map([...prev.queueCallers].filter(([, c]) => channels.has(c.channel))),
      queueAgents: agents ? agentsFromList(agents, prev.queueAgents, at) : prev.queueAgents,
      status: {
        ...prev.status,
        ...(status?.version ? { version: status.version } : {}),
        ...(status?.uptimeMs !== undefined ? { upSince: at - status.uptimeMs } : {}),
        ...(status?.sessions !== undefined ? { sessions: status.sessions } : {}),
      },
    },
  };
}

/** Details per gateway; one that vanished between the two commands keeps the state `sofia status` gave. */
async function gatewayReports(esl: EslPort, listed: SofiaStatusGateway[], timeout: number): Promise<GatewayReport[]> {
  return Promise.all(
    listed.map(async (gw) => {
      const reply = await esl.api(`sofia xmlstatus gateway ${gw.name}`, { timeout });
      const report = reply.ok ? parseGatewayXmlStatus(reply.value)?.find((r) => r.name === gw.name) : undefined;
      return report ?? { name: gw.name, profile: gw.profile, state: gw.state };
    }),
  );
}

function mergeChannels(fresh: Channel[], bridges: Map<string, string>, prev: LiveState): Map<string, Channel> {
  const out = new Map<string, Channel>();
  for (const ch of fresh) {
    const old = prev.channels.get(ch.uuid);
    out.set(ch.uuid, old ? keepChannelDetails(ch, old) : ch);
  }
  for (const [a, b] of bridges) {
    const aLeg = out.get(a);
    const bLeg = out.get(b);
    if (!aLeg || !bLeg) continue;
    out.set(a, { ...aLeg, bridgedTo: b });
    out.set(b, { ...bLeg, bridgedTo: a, callId: aLeg.callId });
  }
  // A ringing B leg is not in `show calls` yet: it stays with the call the events put it in.
  for (const ch of out.values()) {
    if (ch.callId === ch.uuid && !ch.bridgedTo) {
      const oldCall = prev.channels.get(ch.uuid)?.callId;
      if (oldCall && out.has(oldCall)) out.set(ch.uuid, { ...ch, callId: oldCall });
    }
  }
  return out;
}

function keepChannelDetails(fresh: Channel, old: Channel): Channel {
  const { bridgedTo: _unknownNow, ...oldWithoutBridge } = old;
  return {
    ...oldWithoutBridge,
    ...fresh,
    callId: fresh.callId === fresh.uuid ? old.callId : fresh.callId,
    ...opt("extension", old.extension ?? fresh.extension),
    ...opt("gateway", old.gateway ?? fresh.gateway),
    ...opt("did", old.did ?? fresh.did),
    recording: old.recording,
  };
}

function keepRegistrationDetails(fresh: Registration, old: Registration | undefined): Registration {
  return old ? { ...fresh, userAgent: old.userAgent || fresh.userAgent } : fresh;
}
