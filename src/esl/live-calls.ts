import { legParties } from "../pbx/leg-parties.ts";
import { opt } from "./live-channel.ts";
import type { Call, Channel } from "./live-types.ts";

/**
 * A call is the legs sharing one callId (the A leg's uuid): a bridged pair,
 * or a single leg while it rings or sits in an IVR.
 *
 * - inbound: the A leg came from a provider (context `public`, the external
 *   profile, or a gateway leg that FreeSWITCH did not originate);
 * - outbound: some leg goes out through a gateway;
 * - internal: phones only.
 *
 * `from`/`to` are the people and numbers a user knows (legParties): for a
 * click-to-call that is the agent and the customer from the first ring.
 */
export function deriveCall(id: string, legs: readonly Channel[]): Call | undefined {
  const live = legs.filter((l) => l.state !== "hangup");
  if (live.length === 0) return undefined;
  const ordered = [...legs].sort((a, b) => (a.uuid === id ? -1 : b.uuid === id ? 1 : a.createdAt - b.createdAt));
  const a = ordered[0] as Channel;
  const gateway = ordered.find((l) => l.gateway)?.gateway;
  const fromProvider =
    a.direction === "inbound" && (a.context === "public" || a.name.startsWith("sofia/external/") || a.gateway !== undefined);
  const direction = fromProvider ? "inbound" : gateway ? "outbound" : "internal";
  const allAnswered = live.every((l) => l.state === "answered" || l.state === "held");
  const state = live.some((l) => l.held) ? "held" : allAnswered ? "active" : "ringing";
  const answeredTimes = live.map((l) => l.answeredAt).filter((t): t is number => t !== undefined);
  // An A leg going out is one FreeSWITCH originated: a click-to-call ringing the agent first.
  const who = legParties({ ...a, originated: a.direction === "outbound" });
  return {
    id,
    legs: ordered.map((l) => l.uuid),
    state,
    direction,
    from: who.number,
    fromName: who.name,
    to: who.to,
    ...opt("did", ordered.find((l) => l.did)?.did),
    ...opt("gateway", gateway),
    createdAt: a.createdAt,
    ...opt("answeredAt", state !== "ringing" && answeredTimes.length > 0 ? Math.max(...answeredTimes) : undefined),
    recording: legs.some((l) => l.recording),
  };
}

/** Recomputes only the calls whose legs changed; returns the new calls map. */
export function recomputeCalls(
  calls: ReadonlyMap<string, Call>,
  channels: ReadonlyMap<string, Channel>,
  callIds: Iterable<string>,
): Map<string, Call> {
  const wanted = new Set(callIds);
  const legsByCall = new Map<string, Channel[]>();
  for (const ch of channels.values()) {
    if (!wanted.has(ch.callId)) continue;
    const list = legsByCall.get(ch.callId);
    if (list) list.push(ch);
    else legsByCall.set(ch.callId, [ch]);
  }
  const next = new Map(calls);
  for (const id of wanted) {
    const call = deriveCall(id, legsByCall.get(id) ?? []);
    if (call) next.set(id, call);
    else next.delete(id);
  }
  return next;
}
