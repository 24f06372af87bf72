/**
 * Test support: the rows a routing test builds its PBX from (extensions,
 * DIDs, routes, ring groups, time conditions, queues, menus) and the lookup
 * the routing reads them through, as the router does from SQLite. Defaults
 * are plain: an enabled extension of class national that does not record,
 * route uz-mobile through belluz presenting the company number.
 */
import { callHandlingColumns, type CallHandling } from "./call-handling.ts";
import type { IvrMenuRow } from "./ivr-menus.ts";
import type { QueueRow } from "./queues.ts";
import type { RingGroupRow } from "./ring-groups.ts";
import type { Clock, DidRow, ExtensionRow, RouteRow, RoutingLookup } from "./route-decision.ts";
import type { TimeConditionRow } from "./time-conditions.ts";

export const ext = (number: string, over: Partial<ExtensionRow> = {}): ExtensionRow => ({
  number,
  name: `Operator ${number}`,
  callerIdName: null,
  callerIdNumber: null,
  outboundClass: "national",
  record: false,
  enabled: true,
  ...over,
});

/** An extension with call handling set (DND, forwards, ring time), stored as the columns hold it. */
export const handledExt = (number: string, handling: Partial<CallHandling> = {}, over: Partial<ExtensionRow> = {}): ExtensionRow =>
  ext(number, { ...callHandlingColumns(handling), ...over });

export const route = (name: string, pattern: string, over: Partial<RouteRow> = {}): RouteRow => ({
  name,
  pattern,
  strip: 0,
  prepend: "",
  callerIdName: null,
  callerIdNumber: "998785553322",
  requiredClass: "national",
  priority: 100,
  record: false,
  enabled: true,
  gatewayName: "belluz",
  gatewayEnabled: true,
  gatewayUsername: "998785553300",
  ...over,
});

export const uzMobile = route("uz-mobile", "^\\+?(998\\d{9})$");

/** DID 998785553322 → extension 1001 unless told otherwise. */
export const did = (over: Partial<DidRow> = {}): DidRow => ({
  number: "998785553322",
  destinationType: "extension",
  destinationTarget: "1001",
  record: false,
  enabled: true,
  ...over,
});

export const group = (name: string, over: Partial<RingGroupRow> = {}): RingGroupRow => ({
  name,
  number: null,
  strategy: "simultaneous",
  members: ["1001", "1002"],
  ringSeconds: 20,
  timeoutSeconds: 60,
  fallback: { type: "hangup", target: "NO_ANSWER" },
  callerIdNamePrefix: null,
  enabled: true,
  ...over,
});

export const queue = (over: Partial<QueueRow> = {}): QueueRow => ({
  name: "support",
  strategy: "longest-idle-agent",
  musicOnHold: null,
  maxWaitSeconds: 60,
  noAgentMaxWaitSeconds: 0,
  fallback: { type: "extension", target: "1003" },
  tiers: [{ agent: "1001", level: 1, position: 1 }],
  enabled: true,
  ...over,
});

export const menu = (over: Partial<IvrMenuRow> = {}): IvrMenuRow => ({
  name: "main",
  greeting: "welcome",
  greetingShort: null,
  invalidSound: null,
  exitSound: null,
  options: [],
  directDial: false,
  timeoutSeconds: 5,
  maxFailures: 3,
  fallback: { type: "hangup", target: "NORMAL_CLEARING" },
  enabled: true,
  ...over,
});

/** Mon–Fri 09:00–18:00, closed on New Year 2027: open → `open`, closed → `closed`. */
export const officeHours = (over: Partial<TimeConditionRow> = {}): TimeConditionRow => ({
  name: "business-hours",
  schedule: { rules: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "18:00" }], holidays: [{ date: "2027-01-01", name: "New Year" }] },
  open: { type: "extension", target: "1001" },
  closed: { type: "extension", target: "1002" },
  enabled: true,
  ...over,
});

/** The instant `iso` on Tashkent's wall clock (2026-12-01 is a Tuesday). */
export const at = (iso: string): Clock => ({ at: new Date(iso), timeZone: "Asia/Tashkent" });

export function lookup(
  exts: ExtensionRow[],
  dids: DidRow[] = [],
  routes: RouteRow[] = [],
  groups: RingGroupRow[] = [],
  conditions: TimeConditionRow[] = [],
  queues: QueueRow[] = [],
  menus: IvrMenuRow[] = [],
): RoutingLookup {
  return {
    extension: (n) => exts.find((e) => e.number === n),
    did: (n) => dids.find((d) => d.number === n),
    outboundRoutes: () => routes,
    ringGroup: (name) => groups.find((g) => g.name === name),
    ringGroupByNumber: (number) => groups.find((g) => g.number === number),
    timeCondition: (name) => conditions.find((t) => t.name === name),
    queue: (name) => queues.find((q) => q.name === name),
    ivrMenu: (name) => menus.find((m) => m.name === name),
  };
}
