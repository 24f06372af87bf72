/**
 * The PBX as xml_curl answers from it, compiled from the tables: extensions
 * by number, DIDs by their stored (normalized) number, enabled outbound
 * routes in the order they are tried with their patterns compiled, enabled
 * gateways with their passwords already decrypted. `generation` is the
 * change-log position (pbx_changes.seq) the copy reflects; pbx-model-source.ts
 * keeps it current.
 */
import type { DidRow, ExtensionRow, RouteRow, RoutingLookup } from "../pbx/route-call.ts";
import { compileRoute } from "../pbx/route-outbound.ts";
import type { IvrMenuRow } from "../pbx/ivr-menus.ts";
import type { RingGroupRow } from "../pbx/ring-groups.ts";
import type { AgentRow, QueueRow } from "../pbx/queues.ts";
import type { TimeConditionRow } from "../pbx/time-conditions.ts";
import { routeFirstChars } from "../pbx/route-first-chars.ts";
import type { Extension, Gateway } from "./schema.ts";

export type PbxExtension = ExtensionRow & Pick<Extension, "a1Hash" | "realm" | "maxRegistrations"> & Partial<Pick<Extension, "voicemailPinHash">>;

/** A gateway as sofia.conf needs it: the password in clear. */
export type PbxGateway = Pick<
  Gateway,
  "name" | "host" | "port" | "transport" | "username" | "register" | "expireSeconds" | "retrySeconds" | "fromDomain" | "callerIdInFrom"
> & { password: string };

export type PbxModel = {
  generation: number;
  readonly extensions: Map<string, PbxExtension>;
  readonly dids: Map<string, DidRow>;
  /** Enabled routes, ascending priority then name (the order the API lists them in). */
  routes: readonly RouteRow[];
  /** Ring groups by name, and the names of those with a number by that number. */
  ringGroups: ReadonlyMap<string, RingGroupRow>;
  ringGroupNumbers: ReadonlyMap<string, string>;
  /** Time conditions by name (few: reloaded whole on any change). */
  timeConditions: ReadonlyMap<string, TimeConditionRow>;
  /** Queues by name and agents by extension (few: reloaded whole on any change to either); callcenter.conf renders them. */
  queues: ReadonlyMap<string, QueueRow>;
  agents: readonly AgentRow[];
  /** IVR menus by name (few: reloaded whole on any change). */
  ivrMenus: ReadonlyMap<string, IvrMenuRow>;
  gateways: readonly PbxGateway[];
  /** Gateways left out of `gateways`, and why (a password that does not decrypt). */
  gatewayProblems: readonly string[];
  /** The routing's view of this model (src/pbx/route-call.ts). */
  readonly lookup: RoutingLookup;
};

export type GatewayRow = Omit<PbxGateway, "password"> & { passwordEnc: string };

export function emptyPbxModel(): PbxModel {
  const model: PbxModel = {
    generation: 0,
    extensions: new Map(),
    dids: new Map(),
    routes: [],
    ringGroups: new Map(),
    ringGroupNumbers: new Map(),
    timeConditions: new Map(),
    queues: new Map(),
    agents: [],
    ivrMenus: new Map(),
    gateways: [],
    gatewayProblems: [],
    lookup: {
      extension: (number) => model.extensions.get(number),
      did: (number) => model.dids.get(number),
      outboundRoutes: () => model.routes as RouteRow[],
      ringGroup: (name) => model.ringGroups.get(name),
      ringGroupByNumber: (number) => {
        const name = model.ringGroupNumbers.get(number);
        return name === undefined ? undefined : model.ringGroups.get(name);
      },
      timeCondition: (name) => model.timeConditions.get(name),
      queue: (name) => model.queues.get(name),
      ivrMenu: (name) => model.ivrMenus.get(name),
    },
  };
  return model;
}

/** Each pattern compiled once, with the characters a matching number can start with. */
export const compileRoutes = (rows: readonly RouteRow[]): RouteRow[] =>
  rows.map((row) => {
    const firstChars = routeFirstChars(row.pattern);
    return { ...row, regex: compileRoute(row.pattern), ...(firstChars ? { firstChars } : {}) };
  });

/** Decrypts each password once per change instead of once per sofia.conf; one that fails is reported and left out. */
export function openGateways(rows: readonly GatewayRow[], open: (sealed: string) => string) {
  const gateways: PbxGateway[] = [];
  const problems: string[] = [];
  for (const { passwordEnc, ...row } of rows) {
    try {
      gateways.push({ ...row, password: open(passwordEnc) });
    } catch {
      problems.push(`gateway ${row.name} left out: its password cannot be decrypted (wrong CALLBOARD_SECRET_KEY?)`);
    }
  }
  return { gateways, problems };
}

/** The ring groups of a model, from every group row (there are few: they are reloaded whole on any change). */
export function indexRingGroups(rows: readonly RingGroupRow[]) {
  const ringGroups = new Map(rows.map((g) => [g.name, g]));
  const ringGroupNumbers = new Map(rows.flatMap((g) => (g.number === null ? [] : [[g.number, g.name] as const])));
  return { ringGroups, ringGroupNumbers };
}
