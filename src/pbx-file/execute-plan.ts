import type { DidCreate, DidPatch } from "../api/dids/schemas.ts";
import type { ExtensionCreate, ExtensionPatch } from "../api/extensions/schemas.ts";
import type { GatewayCreate, GatewayPatch } from "../api/gateways/schemas.ts";
import type { RouteCreate, RoutePatch } from "../api/outbound-routes/schemas.ts";
import type { IvrMenuCreate, IvrMenuPatch } from "../api/ivr-menus/schemas.ts";
import type { RingGroupCreate, RingGroupPatch } from "../api/ring-groups/schemas.ts";
import type { TimeConditionCreate, TimeConditionPatch } from "../api/time-conditions/schemas.ts";
import { deleteDid, insertDid, updateDid } from "../db/dids.ts";
import { deleteExtension, insertExtension, setExtensionA1Hash, updateExtension } from "../db/extensions.ts";
import { deleteGateway, insertGateway, updateGateway } from "../db/gateways.ts";
import { deleteOutboundRoute, insertRoute, updateRoute } from "../db/outbound-routes.ts";
import { deleteIvrMenu, insertIvrMenu, updateIvrMenu } from "../db/ivr-menus.ts";
import { deleteRingGroup, insertRingGroup, updateRingGroup } from "../db/ring-groups.ts";
import { deleteTimeCondition, insertTimeCondition, updateTimeCondition } from "../db/time-conditions.ts";
import type { AgentCreate, AgentPatch } from "../api/queues/agent-schemas.ts";
import type { QueueCreate, QueuePatch } from "../api/queues/schemas.ts";
import { deleteAgent, insertAgent, updateAgent } from "../db/queue-agents.ts";
import { deleteQueue, insertQueue, updateQueue } from "../db/queues.ts";
import type { SecretBox } from "../db/secret-box.ts";
import type { Tx } from "../db/transaction.ts";
import { WriteRefused } from "../db/write-refused.ts";
import { describeObject, emptyByKind, KINDS, type KindName, referencesOf } from "./kinds.ts";
import { deferredFields, withoutDeferred } from "./deferred-references.ts";
import type { Change, CurrentState, DesiredObject, DesiredState, PathError } from "./state.ts";

export type ExecuteContext = {
  tx: Tx;
  realm: string;
  secrets: SecretBox;
  now: Date;
  newPassword: () => string;
};

export type NewPassword = { number: string; password: string };
export type ExecuteResult = { errors: PathError[]; passwords: NewPassword[] };

const secretValue = (want: DesiredObject | undefined) => (want?.secret.kind === "set" ? want.secret.value : undefined);

/** The changed fields as a REST PATCH body: only what differs is written, so a concurrent edit elsewhere stands. */
function patchOf(change: Extract<Change, { op: "update" }>): Record<string, unknown> {
  return Object.fromEntries(change.changes.flatMap((c) => ("secret" in c ? [] : [[c.field, c.to]])));
}
const secretChanged = (change: Extract<Change, { op: "update" }>) => change.changes.some((c) => "secret" in c);

/** One change through the repositories the REST API writes with, so the file meets the same rules a request would. */
function runChange(ctx: ExecuteContext, tx: Tx, change: Change, want: DesiredObject | undefined): NewPassword | undefined {
  const { realm, secrets, now } = ctx;
  const { kind, key } = change;
  if (change.op === "delete") {
    if (kind === "extensions") deleteExtension(tx, key);
    if (kind === "gateways") deleteGateway(tx, key);
    if (kind === "dids") deleteDid(tx, key);
    if (kind === "outboundRoutes") deleteOutboundRoute(tx, key);
    if (kind === "ringGroups") deleteRingGroup(tx, key);
    if (kind === "timeConditions") deleteTimeCondition(tx, key);
    if (kind === "agents") deleteAgent(tx, key);
    if (kind === "queues") deleteQueue(tx, key);
    if (kind === "ivrMenus") deleteIvrMenu(tx, key);
    return undefined;
  }
  if (change.op === "create") {
    const input = { [KINDS[kind].key]: key, ...want!.fields };
    if (kind === "extensions") {
      const password = ctx.newPassword();
      insertExtension(tx, input as ExtensionCreate, realm, password);
      const a1Hash = secretValue(want);
      if (a1Hash) setExtensionA1Hash(tx, key, a1Hash, realm);
      else return { number: key, password };
    }
    if (kind === "gateways") insertGateway(tx, { ...input, password: secretValue(want) } as GatewayCreate, secrets);
    if (kind === "dids") insertDid(tx, input as DidCreate & { number: string });
    if (kind === "outboundRoutes") insertRoute(tx, input as RouteCreate);
    if (kind === "ringGroups") insertRingGroup(tx, input as RingGroupCreate);
    if (kind === "timeConditions") insertTimeCondition(tx, input as TimeConditionCreate);
    if (kind === "agents") insertAgent(tx, input as AgentCreate);
    if (kind === "queues") insertQueue(tx, input as QueueCreate);
    if (kind === "ivrMenus") insertIvrMenu(tx, input as IvrMenuCreate);
    return undefined;
  }
  const patch = patchOf(change);
  if (kind === "extensions") {
    updateExtension(tx, key, patch as ExtensionPatch, realm, now);
    if (secretChanged(change)) setExtensionA1Hash(tx, key, secretValue(want)!, realm);
  }
  if (kind === "gateways") {
    const password = secretChanged(change) ? { password: secretValue(want) } : {};
    updateGateway(tx, key, { ...patch, ...password } as GatewayPatch, secrets, now);
  }
  if (kind === "dids") updateDid(tx, key, patch as DidPatch, now);
  if (kind === "outboundRoutes") updateRoute(tx, key, patch as RoutePatch, now);
  if (kind === "ringGroups") updateRingGroup(tx, key, patch as RingGroupPatch, now);
  if (kind === "timeConditions") updateTimeCondition(tx, key, patch as TimeConditionPatch, now);
  if (kind === "agents") updateAgent(tx, key, patch as AgentPatch, now);
  if (kind === "queues") updateQueue(tx, key, patch as QueuePatch, now);
  if (kind === "ivrMenus") updateIvrMenu(tx, key, patch as IvrMenuPatch, now);
  return undefined;
}

/** `destination.target: extension 1009 does not exist` → at `dids[1].destination.target`, naming the DID too. */
function toPathError(err: WriteRefused, change: Change, want: DesiredObject | undefined): PathError {
  const field = err.field;
  let message = field && err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
  // "gateway: nowhere does not exist" at path ….gateway reads "gateway nowhere does not exist".
  const value = field && want ? field.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], want.fields) : undefined;
  if (field && typeof value === "string" && message.startsWith(`${value} `)) message = `${field.split(".").at(-1)} ${message}`;
  const what = describeObject(change.kind, change.key);
  if (!want) return { path: what, message: `${message} (not in the file; --prune deletes it)` };
  return { path: field ? `${want.path}.${field}` : want.path, message: `${message} (${what})` };
}

const setFields = (kind: KindName, key: string, fields: readonly string[], values: Record<string, unknown>): Change => ({
  op: "update",
  kind,
  key,
  changes: fields.map((field) => ({ field, from: null, to: values[field] })),
});

/**
 * Runs a plan inside the caller's transaction, each change in a savepoint so
 * one refusal does not stop the others from being checked: every error is
 * collected. A refusal caused by an entry already reported (a DID pointing at
 * an extension whose own entry is invalid) is not repeated. The caller
 * commits only when `errors` is empty.
 *
 * References to objects of the same kind or a later one are set after every
 * create and change, and cleared before the first delete
 * (deferred-references.ts), so objects may name each other across kinds in
 * any direction the REST rules allow. `current` is the state the plan was
 * made from: what a deleted object names.
 */
export function executePlan(
  ctx: ExecuteContext,
  changes: readonly Change[],
  desired: DesiredState,
  unresolved: Partial<Record<KindName, Set<string>>> = {},
  current?: CurrentState,
): ExecuteResult {
  const wanted = emptyByKind(() => new Map<string, DesiredObject>());
  for (const [kind, list] of Object.entries(desired) as [KindName, DesiredObject[]][]) for (const o of list) wanted[kind].set(o.key, o);
  const broken = emptyByKind(() => new Set<string>());
  for (const [kind, keys] of Object.entries(unresolved) as [KindName, Set<string>][]) for (const k of keys) broken[kind].add(k);

  const result: ExecuteResult = { errors: [], passwords: [] };
  /** Whether `change` was written; a refusal is reported unless an entry it names already was. */
  const attempt = (change: Change, want: DesiredObject | undefined): boolean => {
    try {
      const password = ctx.tx.transaction((sp) => runChange(ctx, sp, change, want));
      if (password) result.passwords.push(password);
      return true;
    } catch (err) {
      if (!(err instanceof WriteRefused)) throw err;
      broken[change.kind].add(change.key);
      const refs = want ? referencesOf(change.kind, want.fields) : [];
      if (!refs.some((r) => r.field === err.field && broken[r.kind].has(r.key))) result.errors.push(toPathError(err, change, want));
      return false;
    }
  };

  const links: { change: Change; want: DesiredObject }[] = [];
  for (const change of changes) {
    if (change.op === "delete") continue;
    const want = wanted[change.kind].get(change.key)!;
    const written = change.op === "create" ? Object.keys(want.fields) : change.changes.map((c) => c.field);
    const later = deferredFields(change.kind, want.fields).filter((f) => written.includes(f));
    if (later.length === 0) {
      attempt(change, want);
      continue;
    }
    const first = withoutDeferred(change.kind, want.fields);
    const firstChange: Change =
      change.op === "create" ? change : { ...change, changes: change.changes.map((c) => ("secret" in c || !later.includes(c.field) ? c : { ...c, to: first[c.field] })) };
    if (attempt(firstChange, { ...want, fields: first })) links.push({ change: setFields(change.kind, change.key, later, want.fields), want });
  }
  for (const { change, want } of links) attempt(change, want);

  const deletes = changes.filter((c) => c.op === "delete");
  for (const change of deletes) {
    const stored = current?.[change.kind].find((o) => o.key === change.key);
    const names = stored ? deferredFields(change.kind, stored.fields) : [];
    if (names.length > 0) attempt(setFields(change.kind, change.key, names, withoutDeferred(change.kind, stored!.fields)), undefined);
  }
  for (const change of deletes) if (!broken[change.kind].has(change.key)) attempt(change, undefined);
  return result;
}
