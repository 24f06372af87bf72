import { dialledNumber } from "../pbx/leg-parties.ts";
import { didFor, extensionFromChannelName, gatewayFromChannelName, opt, stateFromCallState } from "./live-channel.ts";
import type { Channel } from "./live-types.ts";

type Row = Record<string, string | undefined>;

/**
 * `show channels as json` / `show calls as json`: `{"row_count":N,"rows":[…]}`,
 * or `{"row_count": 0}` with no `rows` at all when idle. Undefined when the
 * reply is not that shape (an -ERR, a truncated body).
 */
export function parseRows(reply: string): Row[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || !("row_count" in parsed)) return undefined;
  const rows = (parsed as { rows?: unknown }).rows ?? [];
  return Array.isArray(rows) ? (rows.filter((r) => r && typeof r === "object") as Row[]) : undefined;
}

const seconds = (v: string | undefined) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
};
const text = (v: string | undefined) => v ?? "";
const present = (v: string | undefined) => (v ? v : undefined);

/** One `show channels` row; fields the table lacks (answer time, recording…) are left for the merge. */
export function channelFromRow(row: Row, now: number): Channel | undefined {
  const uuid = row.uuid;
  if (!uuid) return undefined;
  const name = text(row.name);
  const direction = row.direction === "outbound" ? "outbound" : "inbound";
  const callState = row.callstate;
  // Numbers as the events give them: `1002%domain` (a directory dial string) is 1002.
  const destination = dialledNumber(text(row.dest));
  const context = present(row.context);
  return {
    uuid,
    name,
    direction,
    state: stateFromCallState(callState, undefined),
    callerNumber: dialledNumber(text(row.cid_num)),
    callerName: text(row.cid_name),
    calleeNumber: dialledNumber(present(row.callee_num) ?? destination),
    calleeName: text(row.callee_name),
    destination,
    ...opt("context", context),
    ...opt("extension", extensionFromChannelName(name)),
    ...opt("gateway", gatewayFromChannelName(name)),
    ...opt("did", didFor(context, direction, destination)),
    createdAt: seconds(row.created_epoch) ?? now,
    held: callState === "HELD",
    recording: false,
    callId: present(row.call_uuid) ?? uuid,
    ...opt("readCodec", present(row.read_codec)),
    ...opt("writeCodec", present(row.write_codec)),
    ...opt("remoteIp", direction === "inbound" ? present(row.ip_addr) : undefined),
  };
}

/** `show calls` rows pair an A leg (`uuid`) with its bridged B leg (`b_uuid`). */
export function bridgesFromCallRows(rows: Row[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const row of rows) if (row.uuid && row.b_uuid) pairs.set(row.uuid, row.b_uuid);
  return pairs;
}
