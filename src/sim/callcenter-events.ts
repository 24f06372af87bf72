/**
 * mod_callcenter's CUSTOM callcenter::info events, header for header as
 * FreeSWITCH 1.10.12 fires them (test/fixtures/freeswitch/esl/
 * callcenter-events.json): agent events carry only CC-* fields; member and
 * bridge events carry the channel's data first (switch_channel_event_set_data).
 */
import type { Channel } from "./channel.ts";
import type { CallingSite } from "./event-headers.ts";
import { channelHeaders, customEvent } from "./event-headers.ts";
import type { Header } from "./frames.ts";
import type { ModelEvents } from "./model-events.ts";
import { SITES } from "./calling-sites.ts";

export const CALLCENTER_EVENT = "callcenter::info";

/** The member a caller is while in a queue. */
export type Member = { uuid: string; queue: string; leg: Channel; joinedSec: number };

export const epochSeconds = (events: ModelEvents) => String(Math.floor(events.options.clock.now() / 1000));

export function ccEvent(events: ModelEvents, site: CallingSite, fields: readonly Header[], channel?: Channel): void {
  const data = channel ? channelHeaders(channel, true) : [];
  events.fire(customEvent(CALLCENTER_EVENT, events.identity, events.stamp(), site, [...data, ...fields]));
}

export const memberFields = (m: Member): Header[] => [
  ["CC-Member-UUID", m.uuid],
  ["CC-Member-Session-UUID", m.leg.uuid],
  ["CC-Member-CID-Name", m.leg.profile.callerIdName],
  ["CC-Member-CID-Number", m.leg.profile.callerIdNumber],
];

export function agentStatusChange(events: ModelEvents, agent: string, status: string): void {
  ccEvent(events, SITES.ccAgentStatus, [["CC-Agent", agent], ["CC-Action", "agent-status-change"], ["CC-Agent-Status", status]]);
}

export function agentStateChange(events: ModelEvents, agent: string, state: string): void {
  ccEvent(events, SITES.ccAgentState, [["CC-Agent", agent], ["CC-Action", "agent-state-change"], ["CC-Agent-State", state]]);
}

export function membersCount(events: ModelEvents, queue: string, count: number): void {
  ccEvent(events, SITES.ccMembersCount, [["CC-Queue", queue], ["CC-Action", "members-count"], ["CC-Count", String(count)], ["CC-Selection", "Single-Queue"]]);
}
