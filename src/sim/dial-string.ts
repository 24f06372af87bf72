/**
 * Dial strings as switch_ivr_originate reads them: `{var=value,…}` for
 * every leg, then endpoints separated by `,` (rung at once), each with an
 * optional `[var=value,…]` of its own. `|` (one after another: a sequential
 * ring group's members) is read as `,`: the simulator rings them at once.
 */

export type Endpoint =
  | { kind: "user"; user: string; domain?: string }
  | { kind: "gateway"; gateway: string; number: string }
  /** sofia/internal/sip:1001@10.0.0.21:5081;fs_nat=yes: one registered contact. */
  | { kind: "contact"; profile: string; user: string; host: string; port?: number }
  /** sofia/internal/1001%domain: the user's first registered contact. */
  | { kind: "registered"; profile: string; user: string; domain: string }
  | { kind: "error"; cause: string }
  | { kind: "unsupported"; text: string };

export type DialString = { variables: Map<string, string>; endpoints: { variables: Map<string, string>; endpoint: Endpoint }[] };

/** `a=b,c='d,e',f=g\,h`: values may be quoted or escape their commas. */
export function splitVariables(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let current = "";
  let quoted = false;
  const flush = () => {
    const eq = current.indexOf("=");
    if (eq > 0) vars.set(current.slice(0, eq).trim(), current.slice(eq + 1).replace(/^'(.*)'$/, "$1"));
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\" && text[i + 1] === ",") {
      current += ",";
      i++;
    } else if (ch === "'") {
      quoted = !quoted;
      current += ch;
    } else if (ch === "," && !quoted) {
      flush();
    } else {
      current += ch;
    }
  }
  flush();
  return vars;
}

/** `{…}` or `[…]` at the start of `text`: its variables and what follows. */
function leadingBlock(text: string, open: string, close: string): [Map<string, string>, string] {
  if (!text.startsWith(open)) return [new Map(), text];
  const end = text.indexOf(close);
  if (end < 0) return [new Map(), text];
  return [splitVariables(text.slice(1, end)), text.slice(end + 1)];
}

/** Splits at `,` and `|` outside `[…]`. */
function splitEndpoints(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "[") depth++;
    if (ch === "]") depth = Math.max(0, depth - 1);
    if ((ch === "," || ch === "|") && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseEndpoint(text: string): Endpoint {
  const user = /^user\/([^@/]+)(?:@([^/]+))?$/.exec(text);
  if (user) return { kind: "user", user: user[1]!, ...(user[2] ? { domain: user[2] } : {}) };
  const gateway = /^sofia\/gateway\/([^/]+)\/(\+?\d+)$/.exec(text);
  if (gateway) return { kind: "gateway", gateway: gateway[1]!, number: gateway[2]! };
  const registered = /^sofia\/([^/]+)\/([^%@/]+)%(.+)$/.exec(text);
  if (registered) return { kind: "registered", profile: registered[1]!, user: registered[2]!, domain: registered[3]! };
  const contact = /^sofia\/([^/]+)\/(?:sips?:)?([^@/;]+)@([^:;/]+)(?::(\d+))?(?:;.*)?$/.exec(text);
  if (contact) {
    const port = contact[4] ? { port: Number(contact[4]) } : {};
    return { kind: "contact", profile: contact[1]!, user: contact[2]!, host: contact[3]!, ...port };
  }
  const error = /^error\/([A-Z_]+)$/.exec(text);
  if (error) return { kind: "error", cause: error[1]! };
  return { kind: "unsupported", text };
}

export function parseDialString(text: string): DialString {
  const [variables, rest] = leadingBlock(text.trim(), "{", "}");
  const endpoints = splitEndpoints(rest).map((part) => {
    const [own, target] = leadingBlock(part, "[", "]");
    return { variables: own, endpoint: parseEndpoint(target.trim()) };
  });
  return { variables, endpoints };
}
