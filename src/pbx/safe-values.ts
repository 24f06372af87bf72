import { z } from "zod";

/**
 * Patterns every value must match before it may reach FreeSWITCH app data.
 * Used by the API schemas (zod) and again by the XML renderers, so a row
 * written straight into the database still cannot inject dialplan or
 * preprocessor syntax.
 */
export const EXTENSION_NUMBER = /^\d{2,6}$/;
export const PHONE_NUMBER = /^\+?\d{1,20}$/;
export const GATEWAY_NAME = /^[a-z0-9_-]{1,32}$/;
export const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Display names: letters of any script, digits, spaces and . - _ ( ) ' is deliberately absent. */
export const DISPLAY_NAME = /^[\p{L}\p{M}\p{N} ._()@-]{1,64}$/u;
/** SIP user names for provider accounts. */
export const SIP_USERNAME = /^[A-Za-z0-9._+-]{1,64}$/;
export const ROUTE_NAME = /^[a-z0-9_-]{1,32}$/;
/** Characters that must never appear in anything FreeSWITCH parses as app data. */
export const FORBIDDEN_CHARS = /[${}<>"'|,;\\\r\n\t`]/;

export const OUTBOUND_CLASSES = ["internal", "local", "national", "international"] as const;
export type OutboundClass = (typeof OUTBOUND_CLASSES)[number];
/** A class may dial everything at or below its rank. */
export const CLASS_RANK: Record<OutboundClass, number> = { internal: 0, local: 1, national: 2, international: 3 };

export const DESTINATION_TYPES = ["extension", "ivr", "ring_group", "queue", "time_condition"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** Ring groups are named like routes: `sales`, `night-shift`. */
export const RING_GROUP_NAME = /^[a-z0-9_-]{1,32}$/;
/**
 * What a ring group puts before the caller's name ("Sales - "), so the
 * operator sees which number was called: a display name's characters
 * without `@`. Neither `:` nor `@` can be shown: sofia passes an outgoing
 * leg's caller id name through switch_sanitize_number, which keeps only what
 * follows the last `:` or `/` and cuts at `@` ("Sales: Ali" reaches the phone
 * as " Ali"; seen on FreeSWITCH 1.10.12).
 */
export const CALLER_ID_PREFIX = /^[\p{L}\p{M}\p{N} ._()-]{1,32}$/u;
/** The prefixed name as it reaches FreeSWITCH: the same characters, at most 64. */
export const PREFIXED_CALLER_NAME = /^[\p{L}\p{M}\p{N} ._()-]{1,64}$/u;
/** How a ring group's call ends when nobody answered and its fallback is to hang up. */
export const RING_GROUP_HANGUP_CAUSES = [
  "NO_ANSWER",
  "USER_BUSY",
  "NORMAL_CLEARING",
  "CALL_REJECTED",
  "UNALLOCATED_NUMBER",
  "NORMAL_TEMPORARY_FAILURE",
] as const;
export type RingGroupHangupCause = (typeof RING_GROUP_HANGUP_CAUSES)[number];
/** Whether a stored or FreeSWITCH-given cause is one callboard hangs up with (rows written behind the API may hold others). */
export const isHangupCause = (cause: string): cause is RingGroupHangupCause => (RING_GROUP_HANGUP_CAUSES as readonly string[]).includes(cause);

/** An uploaded sound's name: its file is `<sounds dir>/<name>.wav`, so no dot or slash can reach the path. */
export const SOUND_NAME = /^[a-z0-9_-]{1,64}$/;

export const isSafe = (re: RegExp, value: string): boolean => re.test(value) && !FORBIDDEN_CHARS.test(value);

/** Absolute, segments of A-Z a-z 0-9 . _ -, an optional trailing slash: nothing app data or a config param would read as syntax. */
const SAFE_DIR = /^(?:\/[A-Za-z0-9._-]+)+\/?$/;
/**
 * A directory callboard hands FreeSWITCH as is (sounds, greetings, voicemail
 * storage, TLS certificates). One rule for config and every renderer, so a
 * directory the start accepts is never refused at call time; `..` is refused
 * as a segment, not as text (`/srv/a..b` is a fine name).
 */
export const isSafeDir = (path: string): boolean => SAFE_DIR.test(path) && !path.split("/").includes("..");
export const SAFE_DIR_RULE = "must be an absolute directory path of letters, digits, . _ - and /, with no .. segment";

export const zExtensionNumber = z.string().regex(EXTENSION_NUMBER, "must be 2 to 6 digits");
export const zPhoneNumber = z.string().regex(PHONE_NUMBER, "must be digits with an optional leading +, at most 20");
export const zGatewayName = z.string().regex(GATEWAY_NAME, "must be 1-32 of a-z 0-9 _ -");
export const zRouteName = z.string().regex(ROUTE_NAME, "must be 1-32 of a-z 0-9 _ -");
export const zHostName = z.string().regex(HOST_NAME, "must be a host name or IPv4 address");
export const zDisplayName = z
  .string()
  .regex(DISPLAY_NAME, "must be 1-64 letters, digits, spaces or . _ ( ) @ - (no quotes, $, braces, < >, | , ; or newlines)");
export const zSipUsername = z.string().regex(SIP_USERNAME, "must be 1-64 of A-Z a-z 0-9 . _ + -");
export const zOutboundClass = z.enum(OUTBOUND_CLASSES);
export const zDestinationType = z.enum(DESTINATION_TYPES);
export const zRingGroupName = z.string().regex(RING_GROUP_NAME, "must be 1-32 of a-z 0-9 _ -");
export const zCallerIdPrefix = z
  .string()
  .regex(
    CALLER_ID_PREFIX,
    "must be 1-32 letters, digits, spaces or . _ ( ) - such as \"Sales - \" or \"(Sales) \"; no : / or @ (FreeSWITCH cuts a caller name at them), quotes, $, braces, < >, | , ; or newlines",
  );
export const zSoundName = z.string().regex(SOUND_NAME, "must be 1-64 of a-z 0-9 _ -");
export const zRingGroupHangupCause = z.enum(RING_GROUP_HANGUP_CAUSES);
