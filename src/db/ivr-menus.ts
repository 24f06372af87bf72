/** IVR menus: a greeting, options by digits, and where a caller who chose nothing goes. */
import { and, asc, count, eq, inArray, or } from "drizzle-orm";
import { type IvrDestination, type IvrMenuRow, IVR_SOUND_NAME, ivrMenuLoop, menusReachedFrom } from "../pbx/ivr-menus.ts";
import type { Db } from "./client.ts";
import { dids, extensions, type IvrMenu, ivrMenuOptions, ivrMenus, queues, ringGroups, sounds, timeConditions } from "./schema.ts";
import type { DbOrTx, Tx } from "./transaction.ts";
import { conflicting, invalidReference, missing } from "./write-refused.ts";

export type IvrOptionFields = { digits: string; destination: IvrDestination };
export type IvrMenuFields = {
  name: string;
  greeting: string;
  greetingShort?: string | null;
  invalidSound?: string | null;
  exitSound?: string | null;
  options: IvrOptionFields[];
  directDial?: boolean;
  timeoutSeconds?: number;
  maxFailures?: number;
  fallback?: IvrDestination;
  enabled?: boolean;
};
export type IvrMenuChange = Partial<Omit<IvrMenuFields, "name">>;
/** A menu with its options in the order of their digits. */
export type IvrMenuRecord = { menu: IvrMenu; options: IvrOptionFields[] };

const SOUND_FIELDS = ["greeting", "greetingShort", "invalidSound", "exitSound"] as const;

function optionsOf(db: DbOrTx, ids: number[]): Map<number, IvrOptionFields[]> {
  const byMenu = new Map<number, IvrOptionFields[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byMenu;
  const rows = db.select().from(ivrMenuOptions).where(inArray(ivrMenuOptions.menuId, ids)).orderBy(asc(ivrMenuOptions.menuId), asc(ivrMenuOptions.digits)).all();
  for (const r of rows) byMenu.get(r.menuId)?.push({ digits: r.digits, destination: { type: r.destinationType, target: r.destinationTarget } });
  return byMenu;
}

/** Every menu, or the one named `name`. */
export function readIvrMenus(db: DbOrTx, name?: string): IvrMenuRecord[] {
  const menus = db
    .select()
    .from(ivrMenus)
    .where(name === undefined ? undefined : eq(ivrMenus.name, name))
    .orderBy(asc(ivrMenus.name))
    .all();
  const options = optionsOf(
    db,
    menus.map((m) => m.id),
  );
  return menus.map((menu) => ({ menu, options: options.get(menu.id) ?? [] }));
}

export function listIvrMenus(db: Db, { limit, offset }: { limit: number; offset: number }) {
  const menus = db.select({ name: ivrMenus.name }).from(ivrMenus).orderBy(asc(ivrMenus.name)).limit(limit).offset(offset).all();
  const total = db.select({ n: count() }).from(ivrMenus).get()?.n ?? 0;
  return { rows: menus.flatMap((m) => readIvrMenus(db, m.name)), total };
}

export function getIvrMenu(db: DbOrTx, name: string): IvrMenuRecord {
  const [record] = readIvrMenus(db, name);
  if (!record) throw missing("IVR menu", name);
  return record;
}

export function toIvrMenuRow({ menu, options }: IvrMenuRecord): IvrMenuRow {
  return {
    name: menu.name,
    greeting: menu.greeting,
    greetingShort: menu.greetingShort,
    invalidSound: menu.invalidSound,
    exitSound: menu.exitSound,
    options,
    directDial: menu.directDial,
    timeoutSeconds: menu.timeoutSeconds,
    maxFailures: menu.maxFailures,
    fallback: { type: menu.fallbackType, target: menu.fallbackTarget },
    enabled: menu.enabled,
  };
}

/** Every menu as the routing and ivr.conf read it. */
export const ivrMenuRows = (db: DbOrTx): IvrMenuRow[] => readIvrMenus(db).map(toIvrMenuRow);

const menuByName = (tx: DbOrTx, name: string) => tx.select().from(ivrMenus).where(eq(ivrMenus.name, name)).get();

/** An uploaded sound must exist; a file under FreeSWITCH's sounds dir is FreeSWITCH's to find. */
function checkSounds(tx: Tx, fields: Partial<Record<(typeof SOUND_FIELDS)[number], string | null>>) {
  for (const field of SOUND_FIELDS) {
    const value = fields[field];
    if (!value || !IVR_SOUND_NAME.test(value)) continue;
    if (!tx.select({ id: sounds.id }).from(sounds).where(eq(sounds.name, value)).get()) {
      throw invalidReference(field, `${field}: sound ${value} has not been uploaded (POST /api/v1/sounds/${value}), and a file under FreeSWITCH's sounds dir ends in .wav`);
    }
  }
}

function checkDestination(tx: Tx, name: string, d: IvrDestination, field: string) {
  const exists =
    d.type === "hangup" ||
    (d.type === "extension" && !!tx.select({ id: extensions.id }).from(extensions).where(eq(extensions.number, d.target)).get()) ||
    (d.type === "ring_group" && !!tx.select({ id: ringGroups.id }).from(ringGroups).where(eq(ringGroups.name, d.target)).get()) ||
    (d.type === "queue" && !!tx.select({ id: queues.id }).from(queues).where(eq(queues.name, d.target)).get()) ||
    (d.type === "ivr" && (d.target === name || !!menuByName(tx, d.target))) ||
    (d.type === "time_condition" && !!tx.select({ id: timeConditions.id }).from(timeConditions).where(eq(timeConditions.name, d.target)).get());
  const label = { extension: "extension", ring_group: "ring group", queue: "queue", ivr: "IVR menu", time_condition: "time condition", hangup: "" }[d.type];
  if (!exists) throw invalidReference(field, `${field}: ${label} ${d.target} does not exist`);
}

/** Every destination exists, and no menu reached from this one leads back to it. */
function checkDestinations(tx: Tx, name: string, options: readonly IvrOptionFields[], fallback: IvrDestination) {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.digits)) throw invalidReference(`options.${i}.digits`, `options.${i}.digits: ${o.digits} is already an option`);
    seen.add(o.digits);
    checkDestination(tx, name, o.destination, `options.${i}.destination.target`);
  });
  checkDestination(tx, name, fallback, "fallback.target");
  const loop = ivrMenuLoop(name, menusReachedFrom({ options, fallback }), (other) => {
    const [stored] = readIvrMenus(tx, other);
    return stored && menusReachedFrom(toIvrMenuRow(stored));
  });
  if (loop) {
    const field = options.some((o) => o.destination.type === "ivr" && o.destination.target === loop[1]) ? "options" : "fallback.target";
    throw invalidReference(field, `${field}: ${loop.join(" → ")} would send callers round in a loop; menus may lead on to other menus, never back`);
  }
}

function writeOptions(tx: Tx, menuId: number, options: readonly IvrOptionFields[]) {
  tx.delete(ivrMenuOptions).where(eq(ivrMenuOptions.menuId, menuId)).run();
  if (options.length === 0) return;
  tx.insert(ivrMenuOptions)
    .values(options.map((o) => ({ menuId, digits: o.digits, destinationType: o.destination.type, destinationTarget: o.destination.target })))
    .run();
}

const fallbackColumns = (fallback: IvrDestination | undefined) =>
  fallback === undefined ? {} : { fallbackType: fallback.type, fallbackTarget: fallback.target };

export function insertIvrMenu(tx: Tx, input: IvrMenuFields): IvrMenuRecord {
  if (menuByName(tx, input.name)) throw conflicting(`IVR menu ${input.name} already exists`, "name");
  checkSounds(tx, input);
  const { options, fallback, ...fields } = input;
  checkDestinations(tx, input.name, options, fallback ?? { type: "hangup", target: "NORMAL_CLEARING" });
  const row = tx
    .insert(ivrMenus)
    .values({ ...fields, ...fallbackColumns(fallback) })
    .returning()
    .get();
  writeOptions(tx, row.id, options);
  return getIvrMenu(tx, input.name);
}

export function updateIvrMenu(tx: Tx, name: string, patch: IvrMenuChange, now: Date): IvrMenuRecord {
  const current = getIvrMenu(tx, name);
  const { options, fallback, ...fields } = patch;
  checkSounds(tx, fields);
  if (options || fallback) {
    checkDestinations(tx, name, options ?? current.options, fallback ?? { type: current.menu.fallbackType, target: current.menu.fallbackTarget });
  }
  tx.update(ivrMenus)
    .set({ ...fields, ...fallbackColumns(fallback), updatedAt: now })
    .where(eq(ivrMenus.id, current.menu.id))
    .run();
  if (options) writeOptions(tx, current.menu.id, options);
  return getIvrMenu(tx, name);
}

/** The menus whose options or fallback send calls to `type`/`target`, other than `except`. */
export function ivrMenusUsing(tx: DbOrTx, type: IvrDestination["type"], target: string, except?: string): string[] {
  const byOption = tx
    .select({ name: ivrMenus.name })
    .from(ivrMenuOptions)
    .innerJoin(ivrMenus, eq(ivrMenuOptions.menuId, ivrMenus.id))
    .where(and(eq(ivrMenuOptions.destinationType, type), eq(ivrMenuOptions.destinationTarget, target)))
    .all();
  const byFallback = tx
    .select({ name: ivrMenus.name })
    .from(ivrMenus)
    .where(and(eq(ivrMenus.fallbackType, type), eq(ivrMenus.fallbackTarget, target)))
    .all();
  return [...new Set([...byOption, ...byFallback].map((m) => m.name))].filter((n) => n !== except).sort();
}

/** "IVR menu main (greeting)": the menus that play an uploaded sound. */
export function ivrMenusPlaying(tx: DbOrTx, sound: string): string[] {
  const rows = tx
    .select()
    .from(ivrMenus)
    .where(or(...SOUND_FIELDS.map((f) => eq(ivrMenus[f], sound))))
    .orderBy(asc(ivrMenus.name))
    .all();
  return rows.map((m) => `IVR menu ${m.name} (${SOUND_FIELDS.filter((f) => m[f] === sound).join(", ")})`);
}

/** Refuses while a DID or another menu still sends calls here: deleting would silently drop them. */
export function deleteIvrMenu(tx: Tx, name: string) {
  const { menu } = getIvrMenu(tx, name);
  const pointing = tx
    .select({ number: dids.number })
    .from(dids)
    .where(and(eq(dids.destinationType, "ivr"), eq(dids.destinationTarget, name)))
    .all();
  if (pointing.length > 0) throw conflicting(`IVR menu ${name} is the destination of DID ${pointing.map((d) => d.number).join(", ")}; point those elsewhere first`);
  const menus = ivrMenusUsing(tx, "ivr", name, name);
  if (menus.length > 0) throw conflicting(`IVR menu ${name} is an option or the fallback of IVR menu ${menus.join(", ")}; change those first`);
  tx.delete(ivrMenus).where(eq(ivrMenus.id, menu.id)).run();
}

/** Whether a DID may point at menu `name`. */
export const ivrMenuExists = (tx: DbOrTx, name: string): boolean => !!menuByName(tx, name);
