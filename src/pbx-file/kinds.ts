import { zDidPatch } from "../api/dids/schemas.ts";
import { zExtensionPatch } from "../api/extensions/schemas.ts";
import { zGatewayPatch } from "../api/gateways/schemas.ts";
import { zIvrMenuPatch } from "../api/ivr-menus/schemas.ts";
import { zRoutePatch } from "../api/outbound-routes/schemas.ts";
import { zRingGroupPatch } from "../api/ring-groups/schemas.ts";
import { zTimeConditionPatch } from "../api/time-conditions/schemas.ts";
import { zAgentPatch } from "../api/queues/agent-schemas.ts";
import { zQueuePatch } from "../api/queues/schemas.ts";

/** The kinds of object a PBX file holds, in the order the file lists them. */
export const KIND_NAMES = ["extensions", "gateways", "dids", "outboundRoutes", "ringGroups", "timeConditions", "agents", "queues", "ivrMenus"] as const;
export type KindName = (typeof KIND_NAMES)[number];

export type Kind = {
  /** How people name one: `extension 1001`. */
  label: string;
  key: "number" | "name" | "extension";
  /** Compared and exported fields: the REST PATCH body's, in its order, secrets left out. */
  fields: readonly string[];
  /** The credential kept apart from `fields`: never shown, compared only for equality. */
  secretField: "a1Hash" | "password" | undefined;
};

const patchFields = (shape: Record<string, unknown>) => Object.keys(shape).filter((k) => k !== "password");

export const KINDS: Record<KindName, Kind> = {
  extensions: { label: "extension", key: "number", fields: patchFields(zExtensionPatch.shape), secretField: "a1Hash" },
  gateways: { label: "gateway", key: "name", fields: patchFields(zGatewayPatch.shape), secretField: "password" },
  dids: { label: "DID", key: "number", fields: patchFields(zDidPatch.shape), secretField: undefined },
  outboundRoutes: { label: "outbound route", key: "name", fields: patchFields(zRoutePatch.shape), secretField: undefined },
  ringGroups: { label: "ring group", key: "name", fields: patchFields(zRingGroupPatch.shape), secretField: undefined },
  timeConditions: { label: "time condition", key: "name", fields: patchFields(zTimeConditionPatch.shape), secretField: undefined },
  // An agent's status is the operator's own state, changed all day: not configuration the file keeps.
  agents: { label: "agent", key: "extension", fields: patchFields(zAgentPatch.shape).filter((f) => f !== "status"), secretField: undefined },
  queues: { label: "queue", key: "name", fields: patchFields(zQueuePatch.shape), secretField: undefined },
  ivrMenus: { label: "IVR menu", key: "name", fields: patchFields(zIvrMenuPatch.shape), secretField: undefined },
};

/** Creates and changes go in this order, so an object exists before anything refers to it… */
export const WRITE_ORDER: readonly KindName[] = ["gateways", "extensions", "agents", "ringGroups", "timeConditions", "queues", "ivrMenus", "dids", "outboundRoutes"];
/** …and deletions in the reverse one, so nothing is deleted while something still refers to it. */
export const DELETE_ORDER: readonly KindName[] = [...WRITE_ORDER].reverse();

export type ObjectRef = { kind: KindName; key: string };

/** What an object names by key; the rules about those references stay in the REST queries. */
export function referencesOf(kind: KindName, fields: Record<string, unknown>): (ObjectRef & { field: string })[] {
  const refs: (ObjectRef & { field: string })[] = [];
  if ((kind === "dids" || kind === "outboundRoutes") && typeof fields.gateway === "string") {
    refs.push({ kind: "gateways", key: fields.gateway, field: "gateway" });
  }
  const destination = fields.destination as { type?: unknown; target?: unknown } | undefined;
  if (kind === "dids" && destination?.type === "extension" && typeof destination.target === "string") {
    refs.push({ kind: "extensions", key: destination.target, field: "destination.target" });
  }
  if (kind === "dids" && destination?.type === "ring_group" && typeof destination.target === "string") {
    refs.push({ kind: "ringGroups", key: destination.target, field: "destination.target" });
  }
  if (kind === "dids" && destination?.type === "queue" && typeof destination.target === "string") {
    refs.push({ kind: "queues", key: destination.target, field: "destination.target" });
  }
  if (kind === "agents" && typeof fields.extension === "string") refs.push({ kind: "extensions", key: fields.extension, field: "extension" });
  if (kind === "queues") {
    if (Array.isArray(fields.agents)) {
      fields.agents.forEach((t: { agent?: unknown }, i) => typeof t?.agent === "string" && refs.push({ kind: "agents", key: t.agent, field: `agents.${i}.agent` }));
    }
    const fallback = fields.fallback as { type?: unknown; target?: unknown } | undefined;
    if (typeof fallback?.target === "string" && (fallback.type === "extension" || fallback.type === "ring_group")) {
      refs.push({ kind: fallback.type === "extension" ? "extensions" : "ringGroups", key: fallback.target, field: "fallback.target" });
    }
    if (typeof fallback?.target === "string" && fallback.type === "time_condition") refs.push({ kind: "timeConditions", key: fallback.target, field: "fallback.target" });
  }
  if (kind === "dids" && destination?.type === "ivr" && typeof destination.target === "string") {
    refs.push({ kind: "ivrMenus", key: destination.target, field: "destination.target" });
  }
  if (kind === "dids" && destination?.type === "time_condition" && typeof destination.target === "string") {
    refs.push({ kind: "timeConditions", key: destination.target, field: "destination.target" });
  }
  if (kind === "timeConditions") {
    const kindOf = { extension: "extensions", ring_group: "ringGroups", time_condition: "timeConditions" } as const;
    for (const field of ["open", "closed"] as const) {
      const d = fields[field] as { type?: unknown; target?: unknown } | undefined;
      if (typeof d?.target === "string" && (d.type === "extension" || d.type === "ring_group" || d.type === "time_condition")) {
        refs.push({ kind: kindOf[d.type], key: d.target, field: `${field}.target` });
      }
    }
  }
  if (kind === "extensions" && typeof fields.callHandling === "object" && fields.callHandling !== null) {
    const handling = fields.callHandling as Record<string, { type?: unknown; target?: unknown } | null | undefined>;
    for (const f of ["forwardAlways", "forwardBusy", "forwardNoAnswer"]) {
      const fw = handling[f];
      if (typeof fw?.target !== "string") continue;
      const field = `callHandling.${f}.target`;
      if (fw.type === "extension" || fw.type === "voicemail") refs.push({ kind: "extensions", key: fw.target, field });
      if (fw.type === "time_condition") refs.push({ kind: "timeConditions", key: fw.target, field });
    }
  }
  if (kind === "ringGroups") {
    if (Array.isArray(fields.members)) {
      fields.members.forEach((m, i) => typeof m === "string" && refs.push({ kind: "extensions", key: m, field: `members.${i}` }));
    }
    const fallback = fields.fallback as { type?: unknown; target?: unknown } | undefined;
    if (typeof fallback?.target === "string" && (fallback.type === "extension" || fallback.type === "ring_group")) {
      refs.push({ kind: fallback.type === "extension" ? "extensions" : "ringGroups", key: fallback.target, field: "fallback.target" });
    }
    if (typeof fallback?.target === "string" && fallback.type === "time_condition") refs.push({ kind: "timeConditions", key: fallback.target, field: "fallback.target" });
  }
  if (kind === "ivrMenus") {
    const kindOf = { extension: "extensions", ring_group: "ringGroups", queue: "queues", ivr: "ivrMenus", time_condition: "timeConditions" } as const;
    const add = (d: unknown, field: string) => {
      const { type, target } = (d ?? {}) as { type?: unknown; target?: unknown };
      if (typeof target === "string" && typeof type === "string" && Object.hasOwn(kindOf, type)) refs.push({ kind: kindOf[type as keyof typeof kindOf], key: target, field });
    };
    if (Array.isArray(fields.options)) fields.options.forEach((o, i) => add((o as { destination?: unknown })?.destination, `options.${i}.destination.target`));
    add(fields.fallback, "fallback.target");
  }
  return refs;
}

type Keyed = { key: string; fields: Record<string, unknown> };

/**
 * Objects of one kind, otherwise in the order given, with each moved after
 * the objects of the same kind it refers to (a ring group after the group it
 * falls back to: the order to create them in), or with `referringFirst`
 * before them (the order to delete them in). A loop leaves the rest in the
 * given order: the API refuses loops.
 */
export function dependencyOrder<T extends Keyed>(kind: KindName, objects: readonly T[], referringFirst = false): T[] {
  const byKey = new Map(objects.map((o) => [o.key, o]));
  const refersTo = new Map(objects.map((o) => [o.key, referencesOf(kind, o.fields).filter((r) => r.kind === kind && byKey.has(r.key)).map((r) => r.key)]));
  const before = (o: T): T[] =>
    referringFirst ? objects.filter((other) => refersTo.get(other.key)!.includes(o.key)) : refersTo.get(o.key)!.map((k) => byKey.get(k)!);
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (o: T) => {
    if (done.has(o.key)) return;
    done.add(o.key);
    before(o).forEach(visit);
    out.push(o);
  };
  objects.forEach(visit);
  return out;
}

export const describeObject = (kind: KindName, key: string) => `${KINDS[kind].label} ${key}`;

export const emptyByKind = <T>(make: () => T): Record<KindName, T> =>
  Object.fromEntries(KIND_NAMES.map((k) => [k, make()])) as Record<KindName, T>;
