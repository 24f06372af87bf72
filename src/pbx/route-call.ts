import type { Did, Extension, OutboundRoute } from "../db/schema.ts";
import { chooseIvrDestination, isIvrHangupCause, type IvrChoice, type IvrMenuRow } from "./ivr-menus.ts";
import type { CallHandlingColumns, Forward } from "./call-handling.ts";
import { featureCodeTarget, type FeatureTarget } from "./feature-codes.ts";
import { normalizeDid } from "./numbers.ts";
import { queueTarget, type QueueRow, type QueueTarget } from "./queues.ts";
import { ringExtension, routeUnanswered, voicemailOf, type RingContext } from "./ring-extension.ts";
import { ringGroupTarget, type RingGroupRow, type RingGroupTarget } from "./ring-groups.ts";
import { CLASS_RANK, EXTENSION_NUMBER, PHONE_NUMBER, RING_GROUP_HANGUP_CAUSES, type RingGroupHangupCause } from "./safe-values.ts";
import { voicemailCode } from "./voicemail.ts";
import { followTimeConditions, type TimeConditionDestination, type TimeConditionRow, type TimeConditionStep } from "./time-conditions.ts";

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
export type { RingGroupTarget } from "./ring-groups.ts";
export type { QueueTarget } from "./queues.ts";

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

const reject = (cause: HangupCause, reason: string): Rejection => ({ kind: "reject", cause, reason });

export function routeCall(call: CallRequest, rows: RoutingLookup): RouteDecision {
  const destination = call.destination;
  if (call.context === "default") return { context: "default", destination, ...routeDefault(call, rows) };
  if (call.context === "public") return { context: "public", destination, ...routePublic(call, rows) };
  if (call.context === "forward") return { context: "forward", destination, ...routeForward(call, rows) };
  if (call.context === "transfer") return { context: "transfer", destination, target: routeTransfer(destination, rows) };
  if (call.context === "ivr") return { context: "ivr", destination, ...routeIvrChoice(call, rows) };
  return {
    context: "other",
    name: call.context,
    destination,
    target: reject("NO_ROUTE_DESTINATION", `context ${call.context} is not served by callboard`),
  };
}

const displayName = (e: ExtensionRow) => e.callerIdName ?? e.name;

/**
 * Inside the company a caller is their extension: its number, never the
 * extension's `callerIdNumber`, which is a public number for providers.
 */
const partyOf = (e: ExtensionRow): Party => ({ name: displayName(e), number: e.number });

type DefaultRoute = Omit<Extract<RouteDecision, { context: "default" }>, "context" | "destination">;

function routeDefault(call: CallRequest, rows: RoutingLookup): DefaultRoute {
  if (!call.callerExtension) return { target: reject("CALL_REJECTED", "caller is not an authenticated extension") };
  const row = rows.extension(call.callerExtension);
  if (!row?.enabled) return { target: reject("CALL_REJECTED", `caller ${call.callerExtension} is unknown or disabled`) };
  const caller = partyOf(row);
  const dest = call.destination;
  const code = voicemailCode(dest);
  if (code === "anyBox") return { caller, target: { kind: "voicemail_check" } };
  if (code === "ownBox") {
    if (!row.voicemailEnabled) return { caller, target: reject("UNALLOCATED_NUMBER", `${row.number} has no voicemail box`) };
    return { caller, target: { kind: "voicemail_check", box: row.number } };
  }
  const feature = featureCodeTarget(dest, row, rows);
  if (feature) return { caller, target: feature };
  if (!PHONE_NUMBER.test(dest)) return { caller, target: reject("INVALID_NUMBER_FORMAT", "destination is not a number") };

  if (EXTENSION_NUMBER.test(dest)) {
    const callee = rows.extension(dest);
    if (callee?.enabled) {
      const ctx = ringContext(call, rows, { record: row.record, callerId: caller, callerExtension: caller.number });
      const target = ringExtension(callee, ctx);
      return { caller, target, ...traceOf(ctx) };
    }
    const group = rows.ringGroupByNumber(dest);
    if (group?.enabled) return { caller, target: ringGroupTarget(group, rows, { ...caller, extension: caller.number }, row.record) };
  }
  return { caller, target: routeOutbound(dest, row, rows.outboundRoutes()) };
}

/** The number through the first route that matches it and that `caller`'s class may use: what a phone dialling it gets. */
export function routeOutbound(dest: string, caller: ExtensionRow, routes: readonly RouteRow[]): GatewayTarget | Rejection {
  let barred: string | undefined;
  for (const route of routes) {
    if (!route.enabled || !route.gatewayEnabled) continue;
    if (route.firstChars && !route.firstChars.has(dest.charAt(0))) continue;
    const dialled = applyRoute(route, dest);
    if (dialled === undefined) continue;
    if (!classAllows(caller.outboundClass, route.requiredClass)) {
      barred ??= route.name;
      continue;
    }
    const callerIdNumber = presentedNumber(route, caller);
    if (!callerIdNumber) {
      return reject(
        "NORMAL_TEMPORARY_FAILURE",
        `route ${route.name} has no caller id number to present: set callerIdNumber on the route or on extension ${caller.number} (gateway ${route.gatewayName}'s user name is not a number)`,
      );
    }
    return {
      kind: "gateway",
      route: route.name,
      gateway: route.gatewayName,
      number: dialled,
      record: caller.record || route.record,
      callerIdNumber,
      callerIdName: route.callerIdName ?? displayName(caller),
    };
  }
  if (barred) {
    return reject("OUTGOING_CALL_BARRED", `class ${caller.outboundClass} of ${caller.number} may not use route ${barred}`);
  }
  return reject("UNALLOCATED_NUMBER", "no extension and no outbound route matches");
}

const RANKS: Readonly<Record<string, number | undefined>> = CLASS_RANK;

/**
 * A class outside the four (a row written straight into SQLite) ranks as
 * nothing: `undefined >= n` is false, so such a caller is barred, and a route
 * requiring an unknown class serves nobody.
 */
function classAllows(callerClass: string, requiredClass: string): boolean {
  const have = Object.hasOwn(RANKS, callerClass) ? RANKS[callerClass] : undefined;
  const need = Object.hasOwn(RANKS, requiredClass) ? RANKS[requiredClass] : undefined;
  return have !== undefined && need !== undefined && have >= need;
}

/**
 * The number the provider sees: a company number, never an internal
 * extension number (which a provider replaces with something arbitrary or
 * refuses) and never left to FreeSWITCH (a click-to-call leg carries the
 * customer's own number as its caller id). The route's, else the
 * extension's, else the provider account's user name when it is a number
 * (with Uzbek providers it usually is the company number); with none of
 * these the call fails closed.
 */
function presentedNumber(route: RouteRow, caller: ExtensionRow): string | undefined {
  if (route.callerIdNumber) return route.callerIdNumber;
  if (caller.callerIdNumber) return caller.callerIdNumber;
  return PHONE_NUMBER.test(route.gatewayUsername) ? route.gatewayUsername : undefined;
}

/**
 * The number sent to the gateway: the route's first capture group when it has
 * one (`^\+?(998\d{9})$` drops the +), else the whole destination; then strip
 * and prepend. Unanchored or broken patterns never match.
 */
export function applyRoute(route: Pick<RouteRow, "pattern" | "strip" | "prepend" | "regex">, dest: string): string | undefined {
  const regex = route.regex === undefined ? compileRoute(route.pattern) : route.regex;
  const match = regex?.exec(dest);
  if (!match) return undefined;
  const core = match[1] ?? match[0];
  const number = route.prepend + core.slice(Math.max(0, route.strip));
  return PHONE_NUMBER.test(number) ? number : undefined;
}

/** A route's pattern as applyRoute runs it: null for an unanchored or broken one, which never matches. */
export function compileRoute(pattern: string): RegExp | null {
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) return null;
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

type PublicTarget = ExtensionTarget | RingGroupTarget | QueueTarget | IvrTarget | VoicemailTarget | ForwardedGatewayTarget | Rejection;
type PublicRoute = { via?: TimeConditionStep[]; notes?: string[]; target: PublicTarget };

function ringContext(call: CallRequest, rows: RoutingLookup, from: Pick<RingContext, "record" | "callerId" | "callerExtension">): RingContext {
  return { rows, ...(call.clock ? { clock: call.clock } : {}), ...from, hops: call.forwardHops ?? 0, path: [], via: [], notes: [] };
}

/** The time conditions and notes a call's forwards gathered, for the decision. */
const traceOf = (ctx: RingContext) => ({ ...(ctx.via.length > 0 ? { via: ctx.via } : {}), ...(ctx.notes.length > 0 ? { notes: ctx.notes } : {}) });

function routePublic(call: CallRequest, rows: RoutingLookup): PublicRoute {
  const did = normalizeDid(call.destination);
  if (!did) return { target: reject("UNALLOCATED_NUMBER", "destination is not a number") };
  const row = rows.did(did);
  if (!row?.enabled) return { target: reject("UNALLOCATED_NUMBER", `DID ${did} is unknown or disabled`) };
  const what = `DID ${did}`;
  if (row.destinationType === "time_condition") return viaTimeCondition(row.destinationTarget, what, call, row.record, rows, "UNALLOCATED_NUMBER");
  if (row.destinationType === "extension" || row.destinationType === "ring_group" || row.destinationType === "queue" || row.destinationType === "ivr") {
    return publicDestination({ type: row.destinationType, target: row.destinationTarget }, what, call, row.record, rows);
  }
  return { target: reject("FACILITY_NOT_IMPLEMENTED", `${what} points at a ${row.destinationType}, not routed yet`) };
}

const isHangupCause = (cause: string): cause is RingGroupHangupCause => (RING_GROUP_HANGUP_CAUSES as readonly string[]).includes(cause);

/** Where a DID, a time condition or an IVR menu sends a call. */
type PublicDestination = { type: TimeConditionDestination["type"] | "queue" | "ivr"; target: string };

/** A time condition decided by the call's clock, then where its open or closed destination sends the call. */
function viaTimeCondition(name: string, what: string, call: CallRequest, record: boolean, rows: RoutingLookup, missing: HangupCause): PublicRoute {
  if (!call.clock) return { target: reject("NORMAL_TEMPORARY_FAILURE", `${what} points at a time condition and the call has no clock`) };
  const followed = followTimeConditions(name, (n) => rows.timeCondition(n), call.clock.at, call.clock.timeZone);
  const via = followed.steps;
  if (!followed.end) return { via, target: reject(missing, `${what}: ${followed.problem}`) };
  const last = via.at(-1)!;
  const routed = publicDestination(followed.end, `${what} via time condition ${last.timeCondition} (${last.state})`, call, record, rows);
  return { ...routed, via: [...via, ...(routed.via ?? [])] };
}

/**
 * Where a DID (or the time condition it passed through) sends the call.
 * Never a gateway, unless the extension it reaches forwards its calls out.
 */
function publicDestination(dest: PublicDestination, what: string, call: CallRequest, record: boolean, rows: RoutingLookup): PublicRoute {
  if (dest.type === "ring_group") {
    const group = rows.ringGroup(dest.target);
    if (!group?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled ring group`) };
    return { target: ringGroupTarget(group, rows, { name: call.callerIdName, number: call.callerIdNumber }, record) };
  }
  if (dest.type === "queue") {
    const queue = rows.queue(dest.target);
    if (!queue?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled queue`) };
    return { target: queueTarget(queue, rows, { name: call.callerIdName, number: call.callerIdNumber }, record) };
  }
  if (dest.type === "ivr") {
    const menu = rows.ivrMenu(dest.target);
    if (!menu?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled IVR menu`) };
    return { target: { kind: "ivr", menu: menu.name, record } };
  }
  if (dest.type === "hangup") {
    return { target: isHangupCause(dest.target) ? reject(dest.target, `${what} hangs up`) : reject("NORMAL_CLEARING", `${what} hangs up (cause not one callboard uses)`) };
  }
  if (dest.type !== "extension") return { target: reject("UNALLOCATED_NUMBER", `${what} points at a ${dest.type}`) };
  const ext = rows.extension(dest.target);
  if (!ext?.enabled) return { target: reject("UNALLOCATED_NUMBER", `${what} points at missing or disabled extension`) };
  const ctx = ringContext(call, rows, { record });
  return { target: ringExtension(ext, ctx), ...traceOf(ctx) };
}

/** What callboard's own transfers into context `forward` name: an unanswered ring, or a ring group's time-condition fallback. */
export const FORWARD_DESTINATION = /^(unanswered|time-condition)-([a-z0-9_-]{1,32})$/;

/**
 * Context `forward` is callboard's own: only its answers put a call there
 * (`transfer … XML forward`): sofia sends phones to `default` and providers
 * to `public`, and a phone dialling these names in `default` gets
 * INVALID_NUMBER_FORMAT. `unanswered-1001`: 1001's phones gave up;
 * `time-condition-night`: a ring group nobody answered falls back to a
 * condition, decided now (render-ring-group.ts). Recording already runs on the channel: nothing is recorded
 * again.
 */
function routeForward(call: CallRequest, rows: RoutingLookup): PublicRoute {
  const m = FORWARD_DESTINATION.exec(call.destination);
  if (!m) return { target: reject("UNALLOCATED_NUMBER", "not a destination callboard transfers to") };
  const [, kind, key] = m as unknown as [string, string, string];
  const ctx = ringContext(call, rows, { record: false });
  if (kind === "unanswered") return { target: routeUnanswered(key, call.failedCause, ctx), ...traceOf(ctx) };
  return viaTimeCondition(key, `fallback time condition ${key}`, call, false, rows, "NO_ANSWER");
}

/**
 * A key pressed in a menu (or its fallback), routed against the menu as
 * stored now: the same destinations a DID has, so never a gateway. A leg
 * already recording since its DID keeps its recording; `record` here is the
 * destination's own.
 */
function routeIvrChoice(call: CallRequest, rows: RoutingLookup): { choice: IvrChoice; target: PublicTarget } {
  const choice = chooseIvrDestination(call.destination, rows);
  if (!choice.ok) return { choice, target: reject("UNALLOCATED_NUMBER", choice.reason) };
  const { type, target } = choice.destination;
  const what = `IVR menu ${choice.menu} ${choice.via === "fallback" ? "fallback" : `${choice.via} ${choice.key}`}`;
  if (type === "hangup") return { choice, target: isIvrHangupCause(target) ? reject(target, `${what} hangs up`) : reject("NORMAL_CLEARING", `${what} hangs up (cause not one callboard uses)`) };
  if (type === "time_condition") return { choice, target: viaTimeCondition(target, what, call, false, rows, "UNALLOCATED_NUMBER").target };
  return { choice, target: publicDestination({ type, target }, what, call, false, rows).target };
}

/*
 * Context `transfer` serves callboard's own `uuid_transfer … XML transfer`
 * (POST /calls/{uuid}/transfer). The leg being moved may be a provider's leg of
 * a DID call or an extension's B leg: it has no authenticated caller, so
 * `default` would reject it, and `public` would read the extension as a DID.
 * Nothing else puts a leg here: sofia sends phones to `default` and providers
 * to `public`, the directory sets user_context=default, and no dialplan
 * callboard renders names this context. So it reaches enabled extensions only,
 * never a gateway: a leg that came from a provider must not be sent back out.
 */
function routeTransfer(dest: string, rows: RoutingLookup): ExtensionTarget | Rejection {
  if (EXTENSION_NUMBER.test(dest)) {
    const ext = rows.extension(dest);
    if (ext?.enabled) return { kind: "extension", number: ext.number, record: ext.record, ...voicemailOf(ext) };
  }
  return reject("UNALLOCATED_NUMBER", `transfer target ${PHONE_NUMBER.test(dest) ? dest : "(not a number)"} is not an enabled extension`);
}
