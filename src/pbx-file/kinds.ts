import { zDidPatch } from "../api/dids/schemas.ts";
import { zExtensionPatch } from "../api/extensions/schemas.ts";
import { zGatewayPatch } from "../api/gateways/schemas.ts";
import { zRoutePatch } from "../api/outbound-routes/schemas.ts";

/** The kinds of object a PBX file holds, in the order the file lists them. */
export const KIND_NAMES = ["extensions", "gateways", "dids", "outboundRoutes"] as const;
export type KindName = (typeof KIND_NAMES)[number];

export type Kind = {
  /** How people name one: `extension 1001`. */
  label: string;
  key: "number" | "name";
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
};

/** Creates and changes go in this order, so an object exists before anything refers to it… */
export const WRITE_ORDER: readonly KindName[] = ["gateways", "extensions", "dids", "outboundRoutes"];
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
  return refs;
}

export const describeObject = (kind: KindName, key: string) => `${KINDS[kind].label} ${key}`;

export const emptyByKind = <T>(make: () => T): Record<KindName, T> =>
  Object.fromEntries(KIND_NAMES.map((k) => [k, make()])) as Record<KindName, T>;
