/**
 * What the routing reads and what it decides: the request FreeSWITCH's
 * dialplan lookup carries, the rows behind it, and the decision each context
 * answers with (route-default.ts, route-public.ts, route-forward.ts,
 * route-ivr.ts, route-transfer.ts; route-call.ts picks one by context).
 */
import type { Did, Extension, OutboundRoute } from "../db/schema.ts";
import type { IvrChoice, IvrMenuRow } from "./ivr-menus.ts";
import type { CallHandlingColumns, Forward } from "./call-handling.ts";
import type { FeatureTarget } from "./feature-codes.ts";
import type { QueueRow, QueueTarget } from "./queues.ts";
import type { RingGroupRow, RingGroupTarget } from "./ring-groups.ts";
import type { RingGroupHangupCause } from "./safe-values.ts";
import type { TimeConditionRow, TimeConditionStep } from "./time-conditions.ts";

/** FreeSWITCH hangup causes callboard answers with; sofia maps each to a SIP status. */
export type HangupCause =
  | "UNALLOCATED_NUMBER" // 404: nobody has this number
  | "CALL_REJECTED" // 603: the caller is not someone we route for
  | "OUTGOING_CALL_BARRED" // 403: the caller's class does not allow this number
  | "NO_ROUTE_DESTINATION" // 404: a context callboard does not serve
  | "INVALID_NUMBER_FORMAT" // 484: not a dialable number
  | "FACILITY_NOT_IMPLEMENTED" // 501: a DID destination type not built yet (ivr, queue)
  | "NORMAL_TEMPORARY_FAILURE" // 503: the route has no company number to present
  | "INCOMPATIBLE_DESTINATION" // 488: a phone on TLS offered plain RTP where SRTP is required
  | "USER_NOT_REGISTERED" // 480: an extension's phones gave up unregistered and nothing is forwarded
  | RingGroupHangupCause; // what a ring group's or time condition's hangup destination names

/** What the routing needs to know about one channel asking the dialplan. */
export type CallRequest = {
  context: string;
  destination: string;
  /** The extension FreeSWITCH authenticated (digest) or callboard originated; never the caller-id a phone sent. */
  callerExtension?: string;
  /**
   * The caller id on the channel (Caller-Caller-ID-Name/-Number): whatever a
   * provider sent. Only ever shown, after ring-groups.ts reduced it to a
   * display name; never used to decide anything.
   */
  callerIdName?: string;
  callerIdNumber?: string;
  /** The instant the call is routed at and the PBX's zone: what opens and closes time conditions. */
  clock?: Clock;
  /** Context `forward` only: the forwards this call already followed (callboard_forward_hops, set by callboard's own answers). */
  forwardHops?: number;
  /** Context `forward` only: why the last ring gave up (FreeSWITCH's originate_failed_cause). */
  failedCause?: string;
};

/** When a call is routed: the instant, read on the wall clock of `timeZone` (config CALLBOARD_TIME_ZONE). */
export type Clock = { at: Date; timeZone: string };

export type ExtensionRow = Pick<
  Extension,
  "number" | "name" | "callerIdName" | "callerIdNumber" | "outboundClass" | "record" | "enabled"
> &
  Partial<Pick<Extension, "voicemailEnabled" | "voicemailGreeting">> &
  Partial<CallHandlingColumns>;
export type DidRow = Pick<Did, "number" | "destinationType" | "destinationTarget" | "record" | "enabled">;
export type RouteRow = Pick<
  OutboundRoute,
  "name" | "pattern" | "strip" | "prepend" | "callerIdName" | "callerIdNumber" | "requiredClass" | "priority" | "record" | "enabled"
> & {
  gatewayName: string;
  gatewayEnabled: boolean;
  gatewayUsername: string;
  /**
   * The pattern compiled once (compileRoute), so a call does not compile 200
   * regexes: null when it is unanchored or broken (it never matches), absent
   * when the caller did not compile it (it is compiled per call).
   */
  regex?: RegExp | null;
  /** The characters a number it matches can start with; absent when unknown (always tried). */
  firstChars?: ReadonlySet<string>;
};

/** Read access to the rows; the router backs it with SQLite, tests with arrays. */
export type RoutingLookup = {
  extension(number: string): ExtensionRow | undefined;
  did(number: string): DidRow | undefined;
  /** Enabled routes are taken in ascending priority; ties keep this order. */
  outboundRoutes(): RouteRow[];
  ringGroup(name: string): RingGroupRow | undefined;
  /** The group phones reach by dialling `number`. */
  ringGroupByNumber(number: string): RingGroupRow | undefined;
  timeCondition(name: string): TimeConditionRow | undefined;
  queue(name: string): QueueRow | undefined;
  ivrMenu(name: string): IvrMenuRow | undefined;
};

/** A person as colleagues know them: an extension's number and display name. */
export type Party = { name: string; number: string };

/** One forward a call followed: `1001 always → 1002`. */
export type ForwardHop = { from: string; reason: "always" | "dnd" | "busy" | "no_answer"; to: Forward };

export type ExtensionTarget = {
  kind: "extension";
  number: string;
  record: boolean;
  /** Set for calls between extensions: what the callee's phone shows. */
  callerId?: Party;
  /** The extension's own ring time; absent: the PBX's. */
  ringSeconds?: number;
  /** Set when a busy or no-answer forward waits: an unanswered ring goes back to callboard (context `forward`). */
  unanswered?: { hops: number };
  /** The forwards followed to reach this extension. */
  forwarded?: ForwardHop[];
  /** Set when the extension has a voicemail box: an unanswered call is left there. */
  voicemail?: VoicemailBox;
};
/** `greeting`: the uploaded greeting's file name, null for FreeSWITCH's own. */
export type VoicemailBox = { greeting: string | null };
/** A phone dialled a voicemail code: its own box (`box` set) or any box (mod_voicemail asks which). */
export type VoicemailCheckTarget = { kind: "voicemail_check"; box?: string };
/** A voicemail box takes the call (mod_voicemail: `voicemail default <domain> <box>`). */
export type VoicemailTarget = { kind: "voicemail"; box: string; greeting: string | null; forwarded: ForwardHop[] };
export type GatewayTarget = {
  kind: "gateway";
  route: string;
  gateway: string;
  number: string;
  record: boolean;
  callerIdNumber: string;
  callerIdName?: string;
  /** Set when an extension's forward leads out: the forwarding extension's class allowed the route. */
  forwarded?: ForwardHop[];
};
/**
 * The one way a call that did not come from a phone reaches a gateway: an
 * extension's owner forwarded their calls to an outside number, through a
 * route their class allows.
 */
export type ForwardedGatewayTarget = GatewayTarget & { forwarded: [ForwardHop, ...ForwardHop[]] };
export type Rejection = { kind: "reject"; cause: HangupCause; reason: string };
/** Answer the call and run IVR menu `menu` (src/pbx/ivr-menus.ts). */
export type IvrTarget = { kind: "ivr"; menu: string; record: boolean };
export type { RingGroupTarget, QueueTarget };

/** Where a call from outside (a DID, a forward, a menu key) may go: never a gateway, unless an extension forwards out. */
export type PublicTarget = ExtensionTarget | RingGroupTarget | QueueTarget | IvrTarget | VoicemailTarget | ForwardedGatewayTarget | Rejection;

/**
 * Only `default` can carry a gateway target: a DID call or a transferred leg
 * reaching a provider does not type-check.
 */
export type RouteDecision =
  /** `caller`: the authenticated extension, whatever the target, so its own leg can be named after it. */
  | {
      context: "default";
      destination: string;
      caller?: Party;
      via?: TimeConditionStep[];
      notes?: string[];
      target: ExtensionTarget | RingGroupTarget | GatewayTarget | VoicemailTarget | VoicemailCheckTarget | FeatureTarget | Rejection;
    }
  /** `via`: the time conditions a DID call passed through, each with the way it went (GET /dids/{number}/trace shows them). */
  | { context: "public"; destination: string; via?: TimeConditionStep[]; notes?: string[]; target: PublicTarget }
  /** callboard's own context: an unanswered ring handed back, or a ring group's fallback decided when it is reached. */
  | { context: "forward"; destination: string; via?: TimeConditionStep[]; notes?: string[]; target: PublicTarget }
  /** A caller's choice in an IVR menu, transferred back into callboard's dialplan: public rules, never a gateway. */
  | { context: "ivr"; destination: string; choice: IvrChoice; target: PublicTarget }
  | { context: "transfer"; destination: string; target: ExtensionTarget | Rejection }
  | { context: "other"; name: string; destination: string; target: Rejection };

export const reject = (cause: HangupCause, reason: string): Rejection => ({ kind: "reject", cause, reason });
