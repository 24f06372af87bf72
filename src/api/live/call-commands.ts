import { EXTENSION_NUMBER } from "../../pbx/safe-values.ts";

/**
 * The uuid_* api commands behind the call-control routes. Every value was
 * validated by the route's zod schema; the uuid pattern is checked again here
 * because it lands in a FreeSWITCH command line.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

function checkUuid(uuid: string): string {
  if (!UUID.test(uuid)) throw new Error("refusing to build a command with an unsafe uuid");
  return uuid;
}

/** FreeSWITCH's hangup cause names (switch_channel.c), the only values `?cause=` accepts. */
export const HANGUP_CAUSES = [
  "UNSPECIFIED", "UNALLOCATED_NUMBER", "NO_ROUTE_TRANSIT_NET", "NO_ROUTE_DESTINATION", "CHANNEL_UNACCEPTABLE",
  "CALL_AWARDED_DELIVERED", "NORMAL_CLEARING", "USER_BUSY", "NO_USER_RESPONSE", "NO_ANSWER", "SUBSCRIBER_ABSENT",
  "CALL_REJECTED", "NUMBER_CHANGED", "REDIRECTION_TO_NEW_DESTINATION", "EXCHANGE_ROUTING_ERROR",
  "DESTINATION_OUT_OF_ORDER", "INVALID_NUMBER_FORMAT", "FACILITY_REJECTED", "RESPONSE_TO_STATUS_ENQUIRY",
  "NORMAL_UNSPECIFIED", "NORMAL_CIRCUIT_CONGESTION", "NETWORK_OUT_OF_ORDER", "NORMAL_TEMPORARY_FAILURE",
  "SWITCH_CONGESTION", "ACCESS_INFO_DISCARDED", "REQUESTED_CHAN_UNAVAIL", "PRE_EMPTED", "FACILITY_NOT_SUBSCRIBED",
  "OUTGOING_CALL_BARRED", "INCOMING_CALL_BARRED", "BEARERCAPABILITY_NOTAUTH", "BEARERCAPABILITY_NOTAVAIL",
  "SERVICE_UNAVAILABLE", "BEARERCAPABILITY_NOTIMPL", "CHAN_NOT_IMPLEMENTED", "FACILITY_NOT_IMPLEMENTED",
  "SERVICE_NOT_IMPLEMENTED", "INVALID_CALL_REFERENCE", "INCOMPATIBLE_DESTINATION", "INVALID_MSG_UNSPECIFIED",
  "MANDATORY_IE_MISSING", "MESSAGE_TYPE_NONEXIST", "WRONG_MESSAGE", "IE_NONEXIST", "INVALID_IE_CONTENTS",
  "WRONG_CALL_STATE", "RECOVERY_ON_TIMER_EXPIRE", "MANDATORY_IE_LENGTH_ERROR", "PROTOCOL_ERROR", "INTERWORKING",
  "SUCCESS", "ORIGINATOR_CANCEL", "CRASH", "SYSTEM_SHUTDOWN", "LOSE_RACE", "MANAGER_REQUEST", "BLIND_TRANSFER",
  "ATTENDED_TRANSFER", "ALLOTTED_TIMEOUT", "USER_CHALLENGE", "MEDIA_TIMEOUT", "PICKED_OFF", "USER_NOT_REGISTERED",
  "PROGRESS_TIMEOUT", "INVALID_GATEWAY", "GATEWAY_DOWN", "INVALID_URL", "INVALID_PROFILE", "NO_PICKUP",
  "SRTP_READ_ERROR", "BOWOUT", "BUSY_EVERYWHERE", "DECLINE", "DOES_NOT_EXIST_ANYWHERE", "NOT_ACCEPTABLE", "UNWANTED",
  "NO_IDENTITY", "BAD_IDENTITY_INFO", "UNSUPPORTED_CERTIFICATE", "INVALID_IDENTITY", "STALE_DATE",
] as const;
export type HangupCause = (typeof HANGUP_CAUSES)[number];

/** `uuid_kill <uuid> [cause]` */
export const hangupCommand = (uuid: string, cause?: HangupCause) =>
  cause ? `uuid_kill ${checkUuid(uuid)} ${cause}` : `uuid_kill ${checkUuid(uuid)}`;

/**
 * `uuid_transfer <uuid> <to> XML transfer`: the leg re-enters the dialplan in
 * context `transfer`, which rings enabled extensions and nothing else. Not
 * `default`: the leg moved is often a provider's leg or an extension's B leg,
 * which has no authenticated caller there and would be rejected.
 */
export function transferCommand(uuid: string, to: string): string {
  if (!EXTENSION_NUMBER.test(to)) throw new Error("refusing to transfer to anything but an extension number");
  return `uuid_transfer ${checkUuid(uuid)} ${to} XML transfer`;
}

/** `uuid_record <uuid> start|stop <path>`; the path is always callboard's, never a client's (`stop all` stops every one). */
export function recordCommand(uuid: string, action: "start" | "stop", path: string): string {
  const stopAll = action === "stop" && path === "all";
  if (!stopAll && (!SAFE_PATH.test(path) || path.includes(".."))) throw new Error("refusing to record to an unsafe path");
  return `uuid_record ${checkUuid(uuid)} ${action} ${path}`;
}
