/**
 * Reading what xml_curl answered, as FreeSWITCH reads it: a dialplan
 * document searched the way mod_dialplan_xml searches it, a directory
 * document for one user's params and variables. Anything else — the
 * not-found document, a fault, malformed XML — reads as "no answer", and
 * with callboard's freeswitch-conf (no static XML) there is nothing to fall
 * back to.
 */
import { create } from "xmlbuilder2";
import type { Header } from "./frames.ts";

export type DialplanAction = { application: string; data: string };

/** The caller profile fields a condition may test (`field="destination_number"`, …). */
export type HuntFields = Readonly<Record<string, string>>;

export type El = { nodeType: number; nodeName: string; getAttribute(name: string): string | null; childNodes: ArrayLike<El> };

function rootOf(xml: string): El | undefined {
  try {
    const root = create(xml).root().node as unknown as El;
    return root.nodeName === "document" ? root : undefined;
  } catch {
    return undefined;
  }
}

const ELEMENT = 1;
export const children = (el: El, name: string): El[] => Array.from(el.childNodes).filter((n) => n.nodeType === ELEMENT && n.nodeName === name);

export const attr = (el: El, name: string): string => el.getAttribute(name) ?? "";

function sectionOf(root: El, name: string): El | undefined {
  return children(root, "section").find((s) => attr(s, "name") === name);
}

function conditionHolds(condition: El, fields: HuntFields): boolean {
  const field = condition.getAttribute("field");
  if (field === null) return true;
  const value = fields[field];
  if (value === undefined) return false;
  try {
    return new RegExp(attr(condition, "expression")).test(value);
  } catch {
    return false;
  }
}

/**
 * The actions of the first extension of `context` whose conditions all hold
 * (and of those after it that say `continue="true"`); undefined when the
 * document has no such context or no extension matches, which FreeSWITCH
 * ends with NO_ROUTE_DESTINATION. Anti-actions and `break` are not modelled.
 */
export function dialplanActions(xml: string, context: string, fields: HuntFields): DialplanAction[] | undefined {
  const root = rootOf(xml);
  const section = root && sectionOf(root, "dialplan");
  const ctx = section && children(section, "context").find((c) => attr(c, "name") === context);
  if (!ctx) return undefined;
  const actions: DialplanAction[] = [];
  let matched = false;
  for (const extension of children(ctx, "extension")) {
    const conditions = children(extension, "condition");
    if (!conditions.every((c) => conditionHolds(c, fields))) continue;
    matched = true;
    for (const c of conditions) {
      for (const a of children(c, "action")) actions.push({ application: attr(a, "application"), data: attr(a, "data") });
    }
    if (attr(extension, "continue") !== "true") break;
  }
  return matched ? actions : undefined;
}

export type DirectoryUser = { params: Map<string, string>; variables: Header[] };

const namedValues = (parent: El, list: string, item: string): Header[] =>
  children(parent, list).flatMap((l) => children(l, item).map((el) => [attr(el, "name"), attr(el, "value")] as const));

function usersOf(domain: El): El[] {
  const direct = children(domain, "users").flatMap((u) => children(u, "user"));
  const grouped = children(domain, "groups").flatMap((gs) => children(gs, "group")).flatMap((g) => children(g, "users")).flatMap((u) => children(u, "user"));
  return [...direct, ...grouped];
}

/** The user's own entries, then the domain's that the user does not have (switch_xml_merge_user). */
function merged(own: Header[], inherited: Header[]): Map<string, string> {
  const out = new Map(own);
  for (const [name, value] of inherited) if (!out.has(name)) out.set(name, value);
  return out;
}

/** User `id` of `domain` as the directory answered it; undefined when the answer holds no such user. */
export function directoryUser(xml: string, domain: string, id: string): DirectoryUser | undefined {
  const root = rootOf(xml);
  const section = root && sectionOf(root, "directory");
  const dom = section && children(section, "domain").find((d) => attr(d, "name").toLowerCase() === domain.toLowerCase());
  const user = dom && usersOf(dom).find((u) => attr(u, "id") === id);
  if (!dom || !user) return undefined;
  const params = merged(namedValues(user, "params", "param"), namedValues(dom, "params", "param"));
  const variables = merged(namedValues(user, "variables", "variable"), namedValues(dom, "variables", "variable"));
  return { params, variables: [...variables] };
}

/** `<configuration name="…">` of the configuration section, as switch_xml_open_cfg finds it. */
export function configurationOf(xml: string, name: string): El | undefined {
  const root = rootOf(xml);
  const section = root && sectionOf(root, "configuration");
  return section && children(section, "configuration").find((c) => attr(c, "name") === name);
}
